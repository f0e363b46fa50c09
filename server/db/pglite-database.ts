import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult, TransactionOptions } from './database';

/**
 * Embedded PostgreSQL (WASM) in the data directory: the one-command default with no database URL.
 * PGlite has a single connection and runs transactions one at a time, so isolation levels are moot.
 */
export async function createPgliteDatabase(dataDir: string | undefined): Promise<Db> {
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  await db.waitReady;
  const norm = <R>(r: { rows: unknown[]; affectedRows?: number }): QueryResult<R> => ({
    rows: r.rows as R[],
    rowCount: Math.max(r.rows.length, r.affectedRows ?? 0),
  });
  // Without parameters use the simple protocol, which (like pg) accepts several statements: migrations need it.
  const run = async <R>(q: Pick<PGlite, 'query' | 'exec'>, sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    if (params && params.length > 0) return norm<R>(await q.query(sql, params as unknown[]));
    const all = await q.exec(sql);
    return norm<R>(all[all.length - 1] ?? { rows: [] });
  };
  return {
    kind: 'pglite',
    query: (sql, params) => run(db, sql, params),
    transaction<T>(fn: (tx: Queryable) => Promise<T>, _o?: TransactionOptions): Promise<T> {
      return db.transaction(async (t) => fn({ query: (sql, params) => run(t, sql, params) }));
    },
    close: () => db.close(),
  };
}
