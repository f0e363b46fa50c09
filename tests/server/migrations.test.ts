import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../server/db/migrations/run';
import { MIGRATIONS } from '../../server/db/migrations/index';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
}, 120_000);
afterAll(async () => t?.drop());

describe('migrations on PostgreSQL 15', () => {
  it('creates the schema once and is a no-op the second time', async () => {
    expect(await migrate(t.db)).toEqual([]);
    const v = await t.db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(v.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('refuses a second active post for the same ID number (一人一编 in the schema)', async () => {
    await t.db.query(`INSERT INTO bianbans (id, level, region_code, data) VALUES ('b1','province','370000','{}')`);
    await t.db.query(`INSERT INTO units (id, bianban_id, credit_code, name, data) VALUES ('u1','b1','C1','甲','{}'), ('u2','b1','C2','乙','{}')`);
    await t.db.query(`INSERT INTO staff (id, unit_id, id_number, post_key, data) VALUES ('s1','u1','X','administrative','{}')`);
    await expect(
      t.db.query(`INSERT INTO staff (id, unit_id, id_number, post_key, data) VALUES ('s2','u2','X','administrative','{}')`),
    ).rejects.toMatchObject({ code: '23505' });
    await t.db.query(`UPDATE staff SET departed_on = '2025-01-01' WHERE id = 's1'`);
    await t.db.query(`INSERT INTO staff (id, unit_id, id_number, post_key, data) VALUES ('s2','u2','X','administrative','{}')`);
  });

  it('blocks UPDATE and DELETE on the audit log', async () => {
    await t.db.query(
      `INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, prev_hash, hash) VALUES (1,'t','a','x','e','1','0','h')`,
    );
    await expect(t.db.query(`UPDATE audit_log SET actor = 'b'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });
});
