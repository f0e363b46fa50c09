import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main';
import { verifyAuditChain } from '../../server/audit/verify';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { createWorld, type World } from './helpers/world';

let t: TestDatabase;
let w: World;
beforeAll(async () => {
  t = await createTestDatabase();
  w = await createWorld(t.db);
  const inst = await w.login(w.actors.inst);
  const dept = await w.login(w.actors.dept);
  for (let i = 0; i < 3; i++) {
    const r = await w.signed(w.actors.inst, 'INST', 'postUse', { postKey: 'institutional:full', count: 1, recruitChannel: 'openRecruitment', reason: `${i}` });
    await w.call('POST', '/api/v1/sync/push', inst, { requests: [r] });
    await w.call('POST', `/api/v1/requests/${r.id}/decision`, dept, { outcome: 'approve', comment: '' });
  }
});
afterAll(async () => {
  await w?.close();
  await t?.drop();
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await main(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('audit chain', () => {
  it('records who did what, signed requests included, and verifies', async () => {
    const rows = await t.db.query<{ action: string; actor: string; signature: unknown }>('SELECT action, actor, signature FROM audit_log ORDER BY seq');
    const submits = rows.rows.filter((r) => r.action === 'request.submit');
    expect(submits).toHaveLength(3);
    expect(submits.every((r) => r.actor === w.actors.inst.serial && r.signature !== null)).toBe(true);
    expect(rows.rows.filter((r) => r.action === 'request.supervisorApprove').every((r) => r.actor === w.actors.dept.serial)).toBe(true);
    const ok = await cli(['audit', 'verify', '--database-url', t.url]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/审计日志完整：共 \d+ 条/);
  });

  it('detects a row edited directly in the database and names it', async () => {
    // An insider with table-owner rights can switch the append-only trigger off; the chain still tells.
    await t.db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
    await t.db.query(`UPDATE audit_log SET actor = 'someone-else' WHERE seq = 5`);
    const r = await verifyAuditChain(t.db);
    expect(r).toMatchObject({ ok: false, brokenAt: 5 });
    const out = await cli(['audit', 'verify', '--database-url', t.url]);
    expect(out.code).toBe(1);
    expect(out.err).toContain('第 5 条');
    expect(out.err).toContain('直接修改');
  });

  it('detects a deleted row (the first break is reported even when later rows were edited too)', async () => {
    await t.db.query('DELETE FROM audit_log WHERE seq = 3');
    const r = await verifyAuditChain(t.db);
    expect(r).toMatchObject({ ok: false, brokenAt: 3, count: 2 });
    if (!r.ok) expect(r.reason).toContain('删除');
    await t.db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
  });
});
