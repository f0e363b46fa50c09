import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/database';
import { openDatabase } from '../../server/db/open';
import { MIGRATIONS } from '../../server/db/migrations/index';

let db: Db;
beforeAll(async () => {
  db = await openDatabase({ memory: true });
});
afterAll(async () => db?.close());

describe('migrations on embedded PGlite', () => {
  it('creates the same schema and enforces 一人一编', async () => {
    const v = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(v.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    await db.query(`INSERT INTO bianbans (id, level, region_code, data) VALUES ($1,'province','370000','{}')`, ['b1']);
    await db.query(`INSERT INTO units (id, bianban_id, credit_code, name, data) VALUES ('u1','b1','C1','甲','{}')`);
    await db.query(`INSERT INTO staff (id, unit_id, id_number, post_key, data) VALUES ('s1','u1','X','administrative','{}')`);
    await expect(db.query(`INSERT INTO staff (id, unit_id, id_number, post_key, data) VALUES ('s2','u1','X','administrative','{}')`)).rejects.toThrow();
    const n = await db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM staff');
    expect(n.rows[0]?.n).toBe(1);
  });
});
