/**
 * Outcome of validating one field. Validators never throw on bad user input: the UI, the CLI and the
 * server all need the Chinese message and the field it belongs to, so both travel in the value.
 * `value` is the normalised form (trimmed, upper-cased, …) callers should store instead of the raw input.
 */
export type Check<T> = { ok: true; value: T; warnings: string[] } | { ok: false; error: string; field: string };

export function ok<T>(value: T, warnings: string[] = []): Check<T> {
  return { ok: true, value, warnings };
}

export function fail<T = never>(field: string, error: string): Check<T> {
  return { ok: false, error, field };
}
