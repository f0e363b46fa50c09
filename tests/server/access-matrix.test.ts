/**
 * Every role against every route: who may, who gets 401 / 403. The last test lists the app's routes and
 * fails when one is added without a row here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWith, softKey } from './helpers/identities';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { creditCode, createWorld, type Actor, type World } from './helpers/world';
import { jpegBytes, sha256Hex } from './photos-fixture';
import { bundleFor } from './bundle-fixture';
import { ROUTES } from '../../domain/api/routes';

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

const call = (role: Role, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => w.call(method, url, tokens[role], body);
/** Only the holder of `role`: everyone else 403, no session 401. */
const only = (...roles: Role[]): Record<Role, number> => ({ ...all(403), anon: 401, ...Object.fromEntries(roles.map((r) => [r, 200])) });

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
    await expectMatrix(all(200), (r) => call(r, 'GET', '/ca/crl?format=der'));
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

  it('login: any certificate of this CA, each into its own principal', async () => {
    await expectMatrix({ ...all(200), anon: 400 }, async (r) => {
      if (r === 'anon') return call(r, 'POST', '/api/v1/auth/login', {});
      const ch = await call('anon', 'POST', '/api/v1/auth/challenge');
      const actor = w.actors[r];
      const signature = await signWith(actor.key, actor.cert, { challenge: ch.json.challenge, purpose: 'login' });
      const res = await call('anon', 'POST', '/api/v1/auth/login', { certificate: actor.cert, challenge: ch.json.challenge, signature });
      expect(res.json.principal?.certSerial, r).toBe(actor.serial);
      return res;
    });
  });

  it('withdraw (撤回): only the filing unit', async () => {
    const req = await w.signed(w.actors.inst, 'INST', 'change', { target: 'unit', targetId: 'INST', changes: [{ field: 'phone', from: '', to: 'withdraw' }], reason: '' });
    expect((await call('inst', 'POST', '/api/v1/sync/push', { requests: [req] })).status).toBe(200);
    // The ownership check comes before the state check, so the order of the roles does not matter.
    await expectMatrix(only('inst'), (r) => call(r, 'POST', `/api/v1/requests/${req.id}/withdraw`, { reason: '填错了' }));
    expect((await call('reviewerC1', 'GET', `/api/v1/requests/${req.id}`)).json.state).toBe('withdrawn');
  });

  it('resubmit (修改后重新提交): only the filing unit, with its own signature', async () => {
    const req = await w.signed(w.actors.inst, 'INST', 'change', { target: 'unit', targetId: 'INST', changes: [{ field: 'phone', from: '', to: 'first' }], reason: '' });
    await call('inst', 'POST', '/api/v1/sync/push', { requests: [req] });
    expect((await call('dept', 'POST', `/api/v1/requests/${req.id}/decision`, { outcome: 'return', comment: '电话不对' })).status).toBe(200);
    const revised = await w.signed(w.actors.inst, 'INST', 'change', { target: 'unit', targetId: 'INST', changes: [{ field: 'phone', from: '', to: 'second' }], reason: '' }, req.id as string);
    await expectMatrix(only('inst'), (r) => call(r, 'POST', `/api/v1/requests/${req.id}/resubmit`, revised));
    // Another unit's officer cannot resubmit it even with a body it signed itself.
    const forged = await w.signed(w.actors.other, 'INST', 'change', { target: 'unit', targetId: 'INST', changes: [{ field: 'phone', from: '', to: 'x' }], reason: '' }, req.id as string);
    expect((await call('other', 'POST', `/api/v1/requests/${req.id}/resubmit`, forged)).status).toBe(403);
  });

  it('form-number patterns: read by reviewers over that bianban, set by its own reviewers only', async () => {
    await expectMatrix(only('reviewerC1', 'reviewerP'), (r) => call(r, 'GET', '/api/v1/bianbans/C1/form-number-patterns'));
    await expectMatrix(only('reviewerP'), (r) => call(r, 'GET', '/api/v1/bianbans/P/form-number-patterns'));
    await expectMatrix(only('reviewerC1'), (r) => call(r, 'PUT', '/api/v1/bianbans/C1/form-number-patterns', { patterns: { postUseSlip: null } }));
    await expectMatrix(only('reviewerP'), (r) => call(r, 'PUT', '/api/v1/bianbans/P/form-number-patterns', { patterns: { departureNotice: null } }));
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
    const reviewerSerials: Record<string, string> = {};
    await expectMatrix(only('reviewerC2', 'reviewerP'), async (r) => {
      const res = await call(r, 'POST', '/api/v1/ca/certificates', { csr: key.csr, role: 'reviewer', bianbanId: 'C2', holderName: `新审核员${r}` });
      if (res.status === 200) reviewerSerials[r] = res.json.serial;
      return res;
    });
    await expectMatrix(only('reviewerP'), (r) => call(r, 'POST', '/api/v1/ca/certificates', { csr: key.csr, role: 'reviewer', bianbanId: 'P', holderName: `越权${r}` }));
    // Revoking a reviewer certificate of C2: C2's reviewers and the province (each revokes a different one).
    for (const r of ['anon', 'inst', 'dept', 'other', 'reviewerC1'] as Role[]) {
      expect((await call(r, 'POST', `/api/v1/ca/certificates/${reviewerSerials.reviewerP}/revoke`, { reason: '测试' })).status, r).toBe(r === 'anon' ? 401 : 403);
    }
    expect((await call('reviewerC2', 'POST', `/api/v1/ca/certificates/${reviewerSerials.reviewerP}/revoke`, { reason: '测试' })).status).toBe(200);
    expect((await call('reviewerP', 'POST', `/api/v1/ca/certificates/${reviewerSerials.reviewerC2}/revoke`, { reason: '测试' })).status).toBe(200);
  });

  it('reviewer workspace: certificate list and person lookup for reviewers only', async () => {
    const reviewers = { ...all(403), anon: 401, reviewerC1: 200, reviewerC2: 200, reviewerP: 200 };
    await expectMatrix(reviewers, (r) => call(r, 'GET', '/api/v1/reviewer/certificates'));
    await expectMatrix(reviewers, (r) => call(r, 'GET', '/api/v1/reviewer/people/370102199001011234'));
  });

  it('台账管理: reviewers of the unit’s jurisdiction only; the scanned document also for the unit', async () => {
    const c1 = only('reviewerC1', 'reviewerP');
    const basis = { documentNo: '济编〔2024〕30号', date: '2024-01-02' };
    const pdf = Buffer.from('%PDF-1.4\n%matrix\n').toString('base64');
    const entries: Partial<Record<Role, string>> = {};
    await expectMatrix(c1, async (r) => {
      const res = await call(r, 'POST', '/api/v1/reviewer/units/INST/ledger', { ...basis, documentNo: `济编〔2024〕${40 + ROLES.indexOf(r)}号`, issuer: '济南市编委', postDeltas: { 'institutional:full': 1 }, leaderDeltas: {}, note: '', pdf: { fileName: 'a.pdf', base64: pdf } });
      if (res.status === 200) entries[r] = res.json.id;
      return res;
    });
    await expectMatrix(c1, (r) => call(r, 'GET', '/api/v1/reviewer/units/INST/ledger'));
    await expectMatrix(instScope, (r) => call(r, 'GET', `/api/v1/ledger/${entries.reviewerC1}/document`));
    const units: Partial<Record<Role, string>> = {};
    await expectMatrix(c1, async (r) => {
      const res = await call(r, 'POST', '/api/v1/reviewer/units', { ...basis, name: `矩阵测试单位${ROLES.indexOf(r)}`, creditCode: creditCode('370100', 500 + ROLES.indexOf(r)), kind: 'institution', rank: 'unranked', fundingForm: 'full', bianbanId: 'C1', supervisorUnitId: null, functions: '', address: '', phone: '' });
      if (res.status === 200) units[r] = res.json.unitId;
      return res;
    });
    await expectMatrix(c1, (r) => call(r, 'POST', '/api/v1/reviewer/units/INST/rename', { ...basis, name: `济南市中心医院${ROLES.indexOf(r)}` }));
    const divisions: Partial<Record<Role, string>> = {};
    await expectMatrix(c1, async (r) => {
      const res = await call(r, 'POST', '/api/v1/reviewer/units/INST/divisions', { ...basis, name: `矩阵科${ROLES.indexOf(r)}` });
      if (res.status === 200) divisions[r] = res.json.id;
      return res;
    });
    await expectMatrix(c1, (r) => call(r, 'POST', `/api/v1/reviewer/divisions/${divisions.reviewerC1}/rename`, { ...basis, name: `矩阵科改名${ROLES.indexOf(r)}` }));
    // Abolish and merge change the unit for good: every refusal first, then one allowed reviewer.
    for (const r of ['anon', 'inst', 'dept', 'other', 'reviewerC2'] as Role[]) {
      expect((await call(r, 'POST', `/api/v1/reviewer/divisions/${divisions.reviewerP}/abolish`, basis)).status, r).toBe(r === 'anon' ? 401 : 403);
      expect((await call(r, 'POST', `/api/v1/reviewer/units/${units.reviewerC1}/abolish`, basis)).status, r).toBe(r === 'anon' ? 401 : 403);
      expect((await call(r, 'POST', `/api/v1/reviewer/units/${units.reviewerP}/merge`, { ...basis, intoUnitId: 'DEPT' })).status, r).toBe(r === 'anon' ? 401 : 403);
    }
    expect((await call('reviewerC1', 'POST', `/api/v1/reviewer/divisions/${divisions.reviewerP}/abolish`, basis)).status).toBe(200);
    expect((await call('reviewerC1', 'POST', `/api/v1/reviewer/units/${units.reviewerC1}/abolish`, basis)).status).toBe(200);
    expect((await call('reviewerP', 'POST', `/api/v1/reviewer/units/${units.reviewerP}/merge`, { ...basis, intoUnitId: 'DEPT' })).status).toBe(200);
  });

  it('photos: any unit officer uploads for its own unit; read in the scope of the uploading unit', async () => {
    const shas: Partial<Record<Role, string>> = {};
    await expectMatrix({ ...all(403), anon: 401, inst: 200, dept: 200, other: 200 }, async (r) => {
      const bytes = jpegBytes(12_000, ROLES.indexOf(r) + 100);
      const res = await w.app.inject({ method: 'PUT', url: `/api/v1/photos/${sha256Hex(bytes)}`, headers: { ...(tokens[r] ? { authorization: `Bearer ${tokens[r]}` } : {}), 'content-type': 'image/jpeg' }, payload: bytes });
      if (res.statusCode === 200) shas[r] = sha256Hex(bytes);
      return { status: res.statusCode };
    });
    await expectMatrix(instScope, (r) => call(r, 'GET', `/api/v1/photos/${shas.inst}`));
  });

  it("bundles: any session reads the bundle key; a unit's bundle is imported by itself, its supervising department or a reviewer of its jurisdiction", async () => {
    await expectMatrix(authed(200), (r) => call(r, 'GET', '/api/v1/bundles/key'));
    const key = (await call('inst', 'GET', '/api/v1/bundles/key')).json;
    await expectMatrix(instScope, async (r) => call(r, 'POST', '/api/v1/bundles', { bundle: await bundleFor(w.actors.inst, { unitId: 'INST', creditCode: creditCode('370100', 2), bianbanId: 'C1' }, key) }));
  });

  it('logout: any session; ends it', async () => {
    // Without a session there is nothing to end: harmless, and says nothing about anyone.
    expect((await w.call('POST', '/api/v1/auth/logout')).status).toBe(204);
    const token = await w.login(w.actors.other);
    expect((await w.call('POST', '/api/v1/auth/logout', token)).status).toBe(204);
    expect((await w.call('GET', '/api/v1/me', token)).status).toBe(401);
  });

  it('covers every route of the route table, and the app serves exactly the table', () => {
    // Each (method, path) exercised above; a route added to the table without a row here fails this test.
    const covered = [
      'GET /healthz',
      'GET /verify/:number',
      'GET /ca/certificate',
      'GET /ca/crl',
      'POST /api/v1/auth/challenge',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/logout',
      'GET /api/v1/me',
      'POST /api/v1/sync/push',
      'GET /api/v1/sync/pull',
      'GET /api/v1/review/queue',
      'GET /api/v1/requests/:id',
      'POST /api/v1/requests/:id/decision',
      'POST /api/v1/requests/:id/withdraw',
      'POST /api/v1/requests/:id/resubmit',
      'GET /api/v1/units/:id/summary',
      'GET /api/v1/forms/:number',
      'GET /api/v1/bianbans/:id/form-number-patterns',
      'PUT /api/v1/bianbans/:id/form-number-patterns',
      'POST /api/v1/ca/certificates',
      'POST /api/v1/ca/certificates/:serial/revoke',
      'PUT /api/v1/photos/:sha256',
      'GET /api/v1/photos/:sha256',
      'GET /api/v1/bundles/key',
      'POST /api/v1/bundles',
      'GET /api/v1/reviewer/certificates',
      'GET /api/v1/reviewer/people/:idNumber',
      'POST /api/v1/reviewer/units/:id/ledger',
      'GET /api/v1/reviewer/units/:id/ledger',
      'GET /api/v1/ledger/:id/document',
      'POST /api/v1/reviewer/units',
      'POST /api/v1/reviewer/units/:id/rename',
      'POST /api/v1/reviewer/units/:id/merge',
      'POST /api/v1/reviewer/units/:id/abolish',
      'POST /api/v1/reviewer/units/:id/divisions',
      'POST /api/v1/reviewer/divisions/:id/rename',
      'POST /api/v1/reviewer/divisions/:id/abolish',
    ];
    const table = Object.values(ROUTES).map((r) => `${r.method} ${r.path}`);
    expect([...covered].sort()).toEqual([...table].sort());
    for (const route of covered) {
      const [method, url] = route.split(' ') as ['GET' | 'POST' | 'PUT', string];
      expect(w.app.hasRoute({ method, url }), route).toBe(true);
    }
    expect(servedMethodCount(w.app.printRoutes({ commonPrefix: false }))).toBe(covered.length);
  });
});

/** How many (method, path) routes Fastify's route tree print lists (HEAD / OPTIONS are implied, not ours). */
function servedMethodCount(tree: string): number {
  let n = 0;
  for (const m of tree.matchAll(/\(([A-Z, ]+)\)/g)) n += m[1]!.split(',').filter((x) => !['HEAD', 'OPTIONS'].includes(x.trim())).length;
  return n;
}
