/**
 * One interface for all server SQL. Repositories take a `Queryable` so the same code runs inside a
 * transaction or outside one, on PostgreSQL (pg Pool) or on embedded PGlite.
 */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

export type Isolation = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  isolation?: Isolation;
  /** Retries on serialization failure / deadlock (SQLSTATE 40001 / 40P01). */
  retries?: number;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  transaction<T>(fn: (tx: Queryable) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

/** SQLSTATE codes that mean "run the whole transaction again". */
export const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

export function sqlState(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'string'
    ? (e as { code: string }).code
    : undefined;
}

/** Unique-violation on a named constraint/index: repositories turn it into a business error. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  if (sqlState(e) !== '23505') return false;
  if (!constraint) return true;
  const c = (e as { constraint?: string }).constraint;
  const msg = e instanceof Error ? e.message : '';
  return c === constraint || msg.includes(constraint);
}
