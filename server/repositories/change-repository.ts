/**
 * The change log sync pulls from: the latest full state of each entity, numbered by `change_seq`. Writers
 * hold the journal lock (audit-repository) so numbers become visible in the order they were assigned.
 */
import type { Queryable } from '../db/database';

/** Records an entity's new state; its older versions leave the log. */
export async function replaceChange(
  q: Queryable,
  c: { entity: string; id: string; unitId: string | null; bianbanId: string | null; data: unknown },
  at: string,
): Promise<void> {
  await q.query('DELETE FROM changes WHERE entity = $1 AND entity_id = $2', [c.entity, c.id]);
  await q.query(
    `INSERT INTO changes (seq, entity, entity_id, unit_id, bianban_id, data, at) VALUES (nextval('change_seq'), $1, $2, $3, $4, $5, $6)`,
    [c.entity, c.id, c.unitId, c.bianbanId, JSON.stringify(c.data), at],
  );
}

export interface BulkChange {
  entity: string;
  id: string;
  unitId: string | null;
  bianbanId: string | null;
  data: unknown;
}

const CHUNK = 2000;

/**
 * New entities only (no older versions to drop), in chunks of one statement each with the rows as one
 * JSON parameter; the caller holds the journal lock.
 */
export async function bulkChanges(q: Queryable, rows: BulkChange[], at: string): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await q.query(
      `INSERT INTO changes (seq, entity, entity_id, unit_id, bianban_id, data, at)
       SELECT nextval('change_seq'), e->>'entity', e->>'id', e->>'unitId', e->>'bianbanId', e->'data', $2
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n) ORDER BY n`,
      [JSON.stringify(rows.slice(i, i + CHUNK)), at],
    );
  }
}

/** Whose changes a pull reads: a unit (itself, its subordinates, its bianban's record) or a set of bianbans. */
export type ChangeScope = { unitId: string } | { bianbanIds: string[] };

function scopeSql(s: ChangeScope): { where: string; params: unknown[] } {
  if ('unitId' in s) {
    // One statement: incremental pulls are the hottest call, so the unit's scope is resolved inside it.
    // `= ANY(ARRAY(…))` rather than `IN (…)`: the planner then reads changes_unit for a first sync (a few
    // ms) instead of walking the whole log in seq order (~0.8 s at 2,000,000 staff).
    return {
      where: `(unit_id = ANY(ARRAY(SELECT id FROM units WHERE id = $1 OR supervisor_unit_id = $1))
              OR (entity = 'bianban' AND entity_id = (SELECT bianban_id FROM units WHERE id = $1)))`,
      params: [s.unitId],
    };
  }
  return { where: 'bianban_id = ANY($1)', params: [s.bianbanIds] };
}

export interface ChangeRow {
  seq: number;
  entity: string;
  entity_id: string;
  data: unknown;
}

/** Up to `limit` changes after `after`, in sequence order. */
export async function changesAfter(q: Queryable, scope: ChangeScope, after: number, limit: number): Promise<ChangeRow[]> {
  const { where, params } = scopeSql(scope);
  const n = params.length;
  const rows = await q.query<ChangeRow>(`SELECT seq, entity, entity_id, data FROM changes WHERE ${where} AND seq > $${n + 1} ORDER BY seq LIMIT $${n + 2}`, [
    ...params,
    after,
    limit,
  ]);
  return rows.rows;
}

/** How many changes the scope holds (a first pull's progress total). */
export async function changeCount(q: Queryable, scope: ChangeScope): Promise<number> {
  const { where, params } = scopeSql(scope);
  const t = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM changes WHERE ${where}`, params);
  return t.rows[0]?.n ?? 0;
}
