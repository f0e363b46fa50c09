/** Per-bianban form-number patterns: set by the bianban's own reviewer (audited), used by numbering, loadable by import. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/verify';
import { ImportRejected, importRecords } from '../../server/import/import-seed';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { createWorld, worldRecords, type World } from './helpers/world';

let t: TestDatabase;
let w: World;
let inst = '';
let dept = '';
let revC1 = '';
let revP = '';
const year = () => new Date().getFullYear();

beforeAll(async () => {
  t = await createTestDatabase();
  const records = worldRecords();
  records.formNumberPatterns = [{ bianbanId: 'C1', kind: 'enrollmentNotice', pattern: '{issuer}入编〔{year}〕第{seq:3}号' }];
  w = await createWorld(t.db, {}, records);
  inst = await w.login(w.actors.inst);
  dept = await w.login(w.actors.dept);
  revC1 = await w.login(w.actors.reviewerC1);
  revP = await w.login(w.actors.reviewerP);
});
afterAll(async () => {
  await w?.close();
  await t?.drop();
});

async function approvedSlip(count = 1): Promise<string> {
  const req = await w.signed(w.actors.inst, 'INST', 'postUse', { postKey: 'institutional:full', count, recruitChannel: 'openRecruitment', reason: '' });
  await w.call('POST', '/api/v1/sync/push', inst, { requests: [req] });
  await w.call('POST', `/api/v1/requests/${req.id}/decision`, dept, { outcome: 'approve', comment: '' });
  return (await w.call('POST', `/api/v1/requests/${req.id}/decision`, revC1, { outcome: 'approve', comment: '' })).json.request.result.formNumber;
}

describe('form-number patterns per bianban', () => {
  it('the import set C1\'s enrollment-notice pattern; the others are the defaults', async () => {
    const r = await w.call('GET', '/api/v1/bianbans/C1/form-number-patterns', revC1);
    expect(r.status).toBe(200);
    expect(r.json.custom).toEqual({ enrollmentNotice: '{issuer}入编〔{year}〕第{seq:3}号' });
    expect(r.json.patterns.postUseSlip).toBe('{issuer}用〔{year}〕{seq:4}号');
  });

  it('a reviewer of the bianban sets a pattern; numbering uses it; audited and in the change log', async () => {
    expect(await approvedSlip()).toBe(`济机编用〔${year()}〕0001号`);
    const set = await w.call('PUT', '/api/v1/bianbans/C1/form-number-patterns', revC1, { patterns: { postUseSlip: '{issuer}编用字〔{year}〕{seq:5}号' } });
    expect(set.status).toBe(200);
    expect(set.json.patterns.postUseSlip).toBe('{issuer}编用字〔{year}〕{seq:5}号');
    // The counter continues: the pattern changes the spelling, not the sequence.
    const slip = await approvedSlip();
    expect(slip).toBe(`济机编编用字〔${year()}〕00002号`);
    expect((await w.call('GET', `/verify/${encodeURIComponent(slip)}`)).json).toMatchObject({ genuine: true, status: 'current' });

    const audit = await t.db.query<{ actor: string }>(`SELECT actor FROM audit_log WHERE action = 'bianban.formNumberPatterns' AND entity_id = 'C1' ORDER BY seq`);
    expect(audit.rows.map((r) => r.actor)).toEqual(['import', w.actors.reviewerC1.serial]);
    const pulled = await w.call('GET', '/api/v1/sync/pull?after=0&limit=5000', revC1);
    const change = pulled.json.changes.find((c: { entity: string; id: string }) => c.entity === 'formNumberPatterns' && c.id === 'C1');
    expect(change.data.custom.postUseSlip).toBe('{issuer}编用字〔{year}〕{seq:5}号');

    // null resets to the default.
    const reset = await w.call('PUT', '/api/v1/bianbans/C1/form-number-patterns', revC1, { patterns: { postUseSlip: null } });
    expect(reset.json.custom.postUseSlip).toBeUndefined();
    expect(await approvedSlip()).toBe(`济机编用〔${year()}〕0003号`);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('refuses invalid patterns with the domain message, and two kinds with one pattern', async () => {
    const noYear = await w.call('PUT', '/api/v1/bianbans/C1/form-number-patterns', revC1, { patterns: { departureNotice: '{issuer}出{seq:4}号' } });
    expect(noYear.status).toBe(400);
    expect(noYear.json.error).toMatchObject({ field: 'patterns.departureNotice' });
    expect(noYear.json.error.message).toContain('{year}');
    const same = await w.call('PUT', '/api/v1/bianbans/C1/form-number-patterns', revC1, { patterns: { departureNotice: '{issuer}用〔{year}〕{seq:4}号' } });
    expect(same.status).toBe(400);
    expect(same.json.error.message).toContain('不同表单须能从编号区分');
    const unknownKind = await w.call('PUT', '/api/v1/bianbans/C1/form-number-patterns', revC1, { patterns: { slip: 'x' } });
    expect(unknownKind.status).toBe(400);
  });

  it('only the bianban\'s own reviewers may set it; units may not read it', async () => {
    const byProvince = await w.call('PUT', '/api/v1/bianbans/C1/form-number-patterns', revP, { patterns: { postUseSlip: '{issuer}X〔{year}〕{seq}号' } });
    expect(byProvince.status).toBe(403);
    expect(byProvince.json.error.message).toContain('只有本编办的审核人员');
    expect((await w.call('PUT', '/api/v1/bianbans/C1/form-number-patterns', inst, { patterns: { postUseSlip: '{issuer}X〔{year}〕{seq}号' } })).status).toBe(403);
    expect((await w.call('GET', '/api/v1/bianbans/C1/form-number-patterns', inst)).status).toBe(403);
    expect((await w.call('GET', '/api/v1/bianbans/C1/form-number-patterns', revP)).status).toBe(200);
    expect((await w.call('GET', '/api/v1/bianbans/C1/form-number-patterns')).status).toBe(401);
  });

  it('an import with a bad pattern is rejected by row', async () => {
    const err = await importRecords(t.db, { version: 1, bianbans: [], units: [], formNumberPatterns: [{ bianbanId: 'C2', kind: 'postUseSlip', pattern: '{issuer}〔{year}{seq}〕' }] }, { today: '2026-01-01' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRejected);
    expect((err as ImportRejected).rejects[0]).toMatchObject({ section: 'formNumberPatterns', row: 1 });
    expect((err as ImportRejected).rejects[0]!.reason).toContain('分隔');
  });
});
