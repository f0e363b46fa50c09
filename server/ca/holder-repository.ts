/** Finding whom a key is for when the bianban provisions it on the server machine (`ebz token init --server-data`). */
import type { Bianban, Unit } from '../../domain/model';
import type { Queryable } from '../db/database';

export async function findUnitByCreditCode(q: Queryable, creditCode: string): Promise<Unit | null> {
  const r = await q.query<{ data: Unit }>('SELECT data FROM units WHERE credit_code = $1', [creditCode]);
  return r.rows[0]?.data ?? null;
}

/** Bianbans whose jurisdiction (region code) is `regionCode`; normally one. */
export async function findBianbansByRegion(q: Queryable, regionCode: string): Promise<Bianban[]> {
  const r = await q.query<{ data: Bianban }>('SELECT data FROM bianbans WHERE region_code = $1 ORDER BY id', [regionCode]);
  return r.rows.map((row) => row.data);
}
