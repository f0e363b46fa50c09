/** The lookups behind what a principal may see: a bianban's jurisdiction and a unit's place in the tree. */
import type { Queryable } from '../db/database';

/** The bianban and every bianban below it. */
export async function jurisdiction(q: Queryable, bianbanId: string): Promise<string[]> {
  const r = await q.query<{ id: string }>(
    `WITH RECURSIVE j(id) AS (SELECT id FROM bianbans WHERE id = $1 UNION SELECT b.id FROM bianbans b JOIN j ON b.parent_id = j.id) SELECT id FROM j`,
    [bianbanId],
  );
  return r.rows.map((x) => x.id);
}

export interface UnitRef {
  id: string;
  bianbanId: string;
  supervisorUnitId: string | null;
  name: string;
}

export async function findUnitRef(q: Queryable, unitId: string): Promise<UnitRef | null> {
  const r = await q.query<{ id: string; bianban_id: string; supervisor_unit_id: string | null; name: string }>(
    'SELECT id, bianban_id, supervisor_unit_id, name FROM units WHERE id = $1',
    [unitId],
  );
  const u = r.rows[0];
  return u ? { id: u.id, bianbanId: u.bianban_id, supervisorUnitId: u.supervisor_unit_id, name: u.name } : null;
}

/** The facts a unit's signed bundle manifest must repeat: its credit code and bianban. */
export async function unitIdentity(q: Queryable, unitId: string): Promise<{ creditCode: string; bianbanId: string } | null> {
  const r = await q.query<{ credit_code: string; bianban_id: string }>('SELECT credit_code, bianban_id FROM units WHERE id = $1', [unitId]);
  const u = r.rows[0];
  return u ? { creditCode: u.credit_code, bianbanId: u.bianban_id } : null;
}
