/** Every role against every route: who may, who gets 401 / 403. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { softKey } from './helpers/identities';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { createWorld, type Actor, type World } from './helpers/world';

type Role = 'anon' | 'inst' | 'dept' | 'other' | 'reviewerC1' | 'reviewerC2' | 'reviewerP';
const ROLES: Role[] = ['anon', 'inst', 'dept', 'other', 'reviewerC1', 'reviewerC2', 'reviewerP'];

let t: TestDatabase;
let w: World;
const tokens: Partial<Record<Role, string>> = {};
let slipNo = '';

beforeAll(async () => {
  t = await createTestDatabase();
  w = await createWorld(t.db);
  for (const r of ROLES) if (r !== 'anon') tokens[r] = await w.login(w.actors[r]);
  const pu = await w.signed(w.actors.inst, 'INST', 'postUse', { postKey: 'institutional:full', count: 1, recruitChannel: 'openRecruitment', reason: '' });
  await w.call('POST', '/api/v1/sync/push', tokens.inst, { requests: [pu] });
  await w.call('POST', `/api/v1/requests/${pu.id}/decision`, tokens.dept, { outcome: 'approve', comment: '' });
  slipNo = (await w.call('POST', `/api/v1/requests/${pu.id}/decision`, tokens.reviewerC1, { outcome: 'approve', comment: '' })).json.request.result.formNumber;
});
afterAll(async () => {
  await w?.close();
  await t?.drop();
});

const call = (role: Role, method: 'GET' | 'POST', url: string, body?: unknown) => w.call(method, url, tokens[role], body);

async function expectMatrix(expected: Record<Role, number>, run: (role: Role) => Promise<{ status: number }>) {
  const got: Partial<Record<Role, number>> = {};
  for (const role of ROLES) got[role] = (await run(role)).status;
  expect(got).toEqual(expected);
}

const all = (n: number): Record<Role, number> => Object.fromEntries(ROLES.map((r) => [r, n])) as Record<Role, number>;
const authed = (n: number) => ({ ...all(n), anon: 401 });
/** INST may be seen by itself, its supervising department, its city's and the province's reviewers. */
const instScope = { anon: 401, inst: 200, dept: 200, other: 403, reviewerC1: 200, reviewerC2: 403, reviewerP: 200 };

describe('access matrix', () => {
  it('public routes answer everyone', async () => {
    await expectMatrix(all(200), (r) => call(r, 'GET', '/healthz'));
    await expectMatrix(all(200), (r) => call(r, 'POST', '/api/v1/auth/challenge'));
    await expectMatrix(all(200), (r) => call(r, 'GET', `/verify/${encodeURIComponent(slipNo)}`));
    await expectMatrix(all(200), (r) => call(r, 'GET', '/ca/certificate'));
    await expectMatrix(all(200), (r) => call(r, 'GET', '/ca/crl'));
  });

  it('session routes need a session', async () => {
    await expectMatrix(authed(200), (r) => call(r, 'GET', '/api/v1/me'));
    await expectMatrix(authed(200), (r) => call(r, 'GET', '/api/v1/sync/pull?after=0'));
    await expectMatrix(authed(200), (r) => call(r, 'GET', '/api/v1/review/queue'));
  });

  it('unit data: own unit, supervisor, jurisdiction', async () => {
    await expectMatrix(instScope, (r) => call(r, 'GET', '/api/v1/units/INST/summary'));
    await expectMatrix(instScope, (r) => call(r, 'GET', `/api/v1/forms/${encodeURIComponent(slipNo)}`));
    await expectMatrix({ ...instScope, inst: 403 }, (r) => call(r, 'GET', '/api/v1/units/DEPT/summary'));
    await expectMatrix({ anon: 401, inst: 403, dept: 403, other: 200, reviewerC1: 403, reviewerC2: 200, reviewerP: 200 }, (r) => call(r, 'GET', '/api/v1/units/OTHER/summary'));
  });

  it('push: only the unit itself, signing with its own key', async () => {
    await expectMatrix({ ...all(403), anon: 401, inst: 200 }, async (r) => {
      const actor: Actor = r === 'anon' ? w.actors.inst : w.actors[r];
      const req = await w.signed(actor, 'INST', 'change', { target: 'unit', targetId: 'INST', changes: [{ field: 'phone', from: '', to: r }], reason: '' });
      return call(r, 'POST', '/api/v1/sync/push', { requests: [req] });
    });
  });

  it('requests: read in scope; decide only at the right stage', async () => {
    const supStage = await w.signed(w.actors.inst, 'INST', 'change', { target: 'unit', targetId: 'INST', changes: [{ field: 'address', from: '', to: 'a' }], reason: '' });
    const bbStage = await w.signed(w.actors.inst, 'INST', 'change', { target: 'unit', targetId: 'INST', changes: [{ field: 'functions', from: '', to: 'b' }], reason: '' });
    await call('inst', 'POST', '/api/v1/sync/push', { requests: [supStage, bbStage] });
    await call('dept', 'POST', `/api/v1/requests/${bbStage.id}/decision`, { outcome: 'approve', comment: '' });
    await expectMatrix(instScope, (r) => call(r, 'GET', `/api/v1/requests/${supStage.id}`));

    // Supervisor stage: only DEPT (checked last, because it moves the request on).
    const supRoles = ROLES.filter((r) => r !== 'dept');
    for (const r of supRoles) expect((await call(r, 'POST', `/api/v1/requests/${supStage.id}/decision`, { outcome: 'return', comment: '补充材料' })).status, r).toBe(r === 'anon' ? 401 : 403);
    expect((await call('dept', 'POST', `/api/v1/requests/${supStage.id}/decision`, { outcome: 'return', comment: '补充材料' })).status).toBe(200);

    // Bianban stage: reviewers of C1 and above.
    for (const r of ['anon', 'inst', 'dept', 'other', 'reviewerC2'] as Role[]) {
      expect((await call(r, 'POST', `/api/v1/requests/${bbStage.id}/decision`, { outcome: 'approve', comment: '' })).status, r).toBe(r === 'anon' ? 401 : 403);
    }
    expect((await call('reviewerP', 'POST', `/api/v1/requests/${bbStage.id}/decision`, { outcome: 'approve', comment: '' })).status).toBe(200);
    // Decided: nobody can decide again.
    expect((await call('reviewerC1', 'POST', `/api/v1/requests/${bbStage.id}/decision`, { outcome: 'approve', comment: '' })).status).toBe(409);
  });

  it('certificate authority actions: reviewers within jurisdiction only', async () => {
    const issued: Record<string, string> = {};
    await expectMatrix({ anon: 401, inst: 403, dept: 403, other: 403, reviewerC1: 200, reviewerC2: 403, reviewerP: 200 }, async (r) => {
      const key = await softKey(r);
      const res = await call(r, 'POST', '/api/v1/ca/certificates', { csr: key.csr, role: 'unit', unitId: 'INST', holderName: `经办人${r}` });
      if (res.status === 200) issued[r] = res.json.serial;
      return res;
    });
    const victim = issued.reviewerC1!;
    for (const r of ['anon', 'inst', 'dept', 'other', 'reviewerC2'] as Role[]) {
      expect((await call(r, 'POST', `/api/v1/ca/certificates/${victim}/revoke`, { reason: '测试' })).status, r).toBe(r === 'anon' ? 401 : 403);
    }
    expect((await call('reviewerC1', 'POST', `/api/v1/ca/certificates/${victim}/revoke`, { reason: '测试' })).status).toBe(200);
    // Reviewer certificates: only for bianbans in one's own jurisdiction.
    const key = await softKey('新审核员');
    expect((await call('reviewerC1', 'POST', '/api/v1/ca/certificates', { csr: key.csr, role: 'reviewer', bianbanId: 'P', holderName: '越权' })).status).toBe(403);
    expect((await call('reviewerP', 'POST', '/api/v1/ca/certificates', { csr: key.csr, role: 'reviewer', bianbanId: 'C2', holderName: '新审核员' })).status).toBe(200);
  });

  it('logout ends the session', async () => {
    const token = await w.login(w.actors.other);
    expect((await w.call('POST', '/api/v1/auth/logout', token)).status).toBe(204);
    expect((await w.call('GET', '/api/v1/me', token)).status).toBe(401);
  });
});
