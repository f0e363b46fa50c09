import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/verify';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { createWorld, idNumber, type World } from './helpers/world';

let t: TestDatabase;
let w: World;
beforeAll(async () => {
  t = await createTestDatabase();
  w = await createWorld(t.db);
});
afterAll(async () => {
  await w?.close();
  await t?.drop();
});

describe('review workflow (inject, PostgreSQL)', () => {
  it('post-use → supervisor → bianban → slip; enrollment on a slot; departure frees the post', async () => {
    const inst = await w.login(w.actors.inst);
    const dept = await w.login(w.actors.dept);
    const rev = await w.login(w.actors.reviewerC1);

    const before = await w.call('GET', '/api/v1/units/INST/summary', inst);
    expect(before.json.vacant['institutional:full']).toBe(4);

    const req = await w.signed(w.actors.inst, 'INST', 'postUse', { postKey: 'institutional:full', count: 2, recruitChannel: 'openRecruitment', reason: '门诊扩大' });
    const push = await w.call('POST', '/api/v1/sync/push', inst, { requests: [req] });
    expect(push.status).toBe(200);
    expect(push.json.results[0]).toMatchObject({ status: 'accepted', state: 'supervisorReview' });

    // The bianban does not see it yet; the supervising department does.
    expect((await w.call('GET', '/api/v1/review/queue', rev)).json.total).toBe(0);
    const q = await w.call('GET', '/api/v1/review/queue', dept);
    expect(q.json.items.map((i: { id: string }) => i.id)).toEqual([req.id]);

    const sup = await w.call('POST', `/api/v1/requests/${req.id}/decision`, dept, { outcome: 'approve', comment: '同意上报' });
    expect(sup.status).toBe(200);
    expect(sup.json.request.state).toBe('bianbanReview');

    const fin = await w.call('POST', `/api/v1/requests/${req.id}/decision`, rev, { outcome: 'approve', comment: '同意' });
    expect(fin.status).toBe(200);
    const slipNo = fin.json.request.result.formNumber as string;
    expect(slipNo).toBe(`济机编用〔${new Date().getFullYear()}〕0001号`);

    const mid = await w.call('GET', '/api/v1/units/INST/summary', inst);
    expect(mid.json.reserved['institutional:full']).toBe(2);
    expect(mid.json.vacant['institutional:full']).toBe(2);

    const v = await w.call('GET', `/verify/${encodeURIComponent(slipNo)}`);
    expect(v.json).toMatchObject({ genuine: true, status: 'current', kind: 'postUseSlip', unitName: '济南市中心医院' });

    const person = { name: '赵六', idNumber: idNumber('19950505', 44), sex: 'female', birthDate: '1995-05-05', ethnicity: '汉族', education: 'master', politicalStatus: '中共党员', phone: '' };
    const enr = await w.signed(w.actors.inst, 'INST', 'enrollment', { slipNumber: slipNo, slotNo: 1, person, divisionId: 'DIV1', position: '医师', positionLevel: '专技十级', enrolledOn: '2026-03-01', photoDigest: null } as never);
    expect((await w.call('POST', '/api/v1/sync/push', inst, { requests: [enr] })).status).toBe(200);
    await w.call('POST', `/api/v1/requests/${enr.id}/decision`, dept, { outcome: 'approve', comment: '' });
    const enrDone = await w.call('POST', `/api/v1/requests/${enr.id}/decision`, rev, { outcome: 'approve', comment: '' });
    expect(enrDone.status).toBe(200);
    const staffId = enrDone.json.request.result.staffId as string;
    expect(enrDone.json.request.result.formNumber).toMatch(/^济机编入〔\d{4}〕0001号$/);

    const after = await w.call('GET', '/api/v1/units/INST/summary', inst);
    expect(after.json.occupied['institutional:full']).toBe(2);
    expect(after.json.reserved['institutional:full']).toBe(1);

    const dep = await w.signed(w.actors.inst, 'INST', 'departure', { staffId, reason: 'resignation', departedOn: '2026-06-30', note: '' });
    expect((await w.call('POST', '/api/v1/sync/push', inst, { requests: [dep] })).status).toBe(200);
    await w.call('POST', `/api/v1/requests/${dep.id}/decision`, dept, { outcome: 'approve', comment: '' });
    const depDone = await w.call('POST', `/api/v1/requests/${dep.id}/decision`, rev, { outcome: 'approve', comment: '' });
    expect(depDone.json.request.result.formNumber).toMatch(/^济机编出〔\d{4}〕0001号$/);
    const end = await w.call('GET', '/api/v1/units/INST/summary', inst);
    expect(end.json.occupied['institutional:full']).toBe(1);
    expect(end.json.vacant['institutional:full']).toBe(3);

    const chain = await verifyAuditChain(t.db);
    expect(chain.ok).toBe(true);
  });
});
