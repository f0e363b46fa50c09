/** Small conversions between domain values and SQLite column values (no SQL here). */

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** better-sqlite3 refuses JS booleans; STRICT tables want 0/1. */
export function toFlag(value: boolean): number {
  return value ? 1 : 0;
}

export function fromFlag(value: number): boolean {
  return value === 1;
}

/** `undefined` would be reported as a missing parameter; absent optional fields are NULL. */
export function orNull<T>(value: T | null | undefined): T | null {
  return value ?? null;
}
