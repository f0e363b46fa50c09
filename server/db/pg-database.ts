import pg from 'pg';
import { RETRYABLE_SQLSTATES, sqlState, type Db, type Queryable, type QueryResult, type TransactionOptions } from './database';

// int8 (counts, sequences) fits in a JS number for everything we store; parse it so both engines agree.
pg.types.setTypeParser(20, (v) => Number(v));

export function createPgDatabase(connectionString: string, opts: { max?: number; connectionTimeoutMs?: number } = {}): Db {
  // A database that does not answer the connection within 10 s (or a pool with no free connection for as
  // long) counts as down: the request gets a 503 (server/http/error-handler.ts) instead of waiting for ever.
  const pool = new pg.Pool({ connectionString, max: opts.max ?? 10, connectionTimeoutMillis: opts.connectionTimeoutMs ?? 10_000 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);

  const run = async <R>(q: Queryable | pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    const r = await (q as pg.Pool).query(sql, params as unknown[] | undefined);
    return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
  };

  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, o: TransactionOptions = {}): Promise<T> {
      const retries = o.retries ?? (o.isolation === 'serializable' ? 8 : 0);
      for (let attempt = 0; ; attempt++) {
        const client = await pool.connect();
        const tx: Queryable = { query: (sql, params) => run(client, sql, params) };
        try {
          await client.query(`BEGIN ISOLATION LEVEL ${(o.isolation ?? 'read committed').toUpperCase()}`);
          const result = await fn(tx);
          await client.query('COMMIT');
          return result;
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          if (attempt < retries && RETRYABLE_SQLSTATES.has(sqlState(e) ?? '')) {
            await new Promise((r) => setTimeout(r, Math.random() * 20 * (attempt + 1)));
            continue;
          }
          throw e;
        } finally {
          client.release();
        }
      }
    },
    close: () => pool.end(),
  };
}
