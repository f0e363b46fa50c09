/**
 * Set-based inserts for large imports: one statement per chunk, rows passed as one JSON parameter
 * (still parameterised — no values in the SQL text). The change log gets the same rows in order.
 */
import type { Queryable } from '../db/database';

const CHUNK = 2000;

async function chunks<T>(rows: T[], fn: (chunk: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await fn(rows.slice(i, i + CHUNK));
}

/** `columns` maps column → SQL expression over `e` (the row's jsonb), e.g. `e->>'id'`. */
export async function bulkInsert<T>(q: Queryable, table: string, columns: Record<string, string>, rows: T[]): Promise<void> {
  const cols = Object.keys(columns);
  const exprs = Object.values(columns);
  await chunks(rows, async (chunk) => {
    await q.query(`INSERT INTO ${table} (${cols.join(', ')}) SELECT ${exprs.join(', ')} FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n) ORDER BY n`, [JSON.stringify(chunk)]);
  });
}

export interface BulkChange {
  entity: string;
  id: string;
  unitId: string | null;
  bianbanId: string | null;
  data: unknown;
}

/** New entities only (no older versions to drop); the caller holds the journal lock. */
export async function bulkChanges(q: Queryable, rows: BulkChange[], at: string): Promise<void> {
  await chunks(rows, async (chunk) => {
    await q.query(
      `INSERT INTO changes (seq, entity, entity_id, unit_id, bianban_id, data, at)
       SELECT nextval('change_seq'), e->>'entity', e->>'id', e->>'unitId', e->>'bianbanId', e->'data', $2
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n) ORDER BY n`,
      [JSON.stringify(chunk), at],
    );
  });
}
