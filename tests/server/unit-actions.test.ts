/** Withdraw before a decision, and revise + resubmit a returned request, through the domain state machine. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/verify';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { createWorld, type World } from './helpers/world';

let t: TestDatabase;
let w: World;
let inst = '';
let dept = '';
let rev = '';
let other = '';
beforeAll(async () => {
  t = await createTestDatabase();
  w = await createWorld(t.db);
  inst = await w.login(w.actors.inst);
  dept = await w.login(w.actors.dept);
  rev = await w.login(w.actors.reviewerC1);
  other = await w.login(w.actors.other);
});
afterAll(async () => {
  await w?.close();
  await t?.drop();
});

const postUse = (count: number, reason = '') => ({ postKey: 'institutional:full' as const, count, recruitChannel: 'openRecruitment' as const, reason });

async function pulledRequest(token: string, id: string) {
  const r = await w.call('GET', '/api/v1/sync/pull?after=0&limit=5000', token);
  return r.json.changes.find((c: { entity: string; id: string }) => c.entity === 'request' && c.id === id)?.data;
}

async function auditActions(id: string): Promise<string[]> {
  return (await t.db.query<{ action: string }>('SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY seq', [id])).rows.map((r) => r.action);
}

describe('withdraw (撤回)', () => {
  it('the filing unit withdraws before a decision; audited and visible to sync; the queue drops it', async () => {
    const req = await w.signed(w.actors.inst, 'INST', 'postUse', postUse(1));
    await w.call('POST', '/api/v1/sync/push', inst, { requests: [req] });
    expect((await w.call('GET', '/api/v1/review/queue', dept)).json.items.map((i: { id: string }) => i.id)).toContain(req.id);

    // Nobody else may withdraw it: not the supervising department, not a reviewer, not another unit.
    for (const token of [dept, rev, other]) {
      const r = await w.call('POST', `/api/v1/requests/${req.id}/withdraw`, token, { reason: '' });
      expect(r.status).toBe(403);
      expect(r.json.error.message).toContain('只有提交该申报的单位');
    }

    const r = await w.call('POST', `/api/v1/requests/${req.id}/withdraw`, inst, { reason: '招聘计划取消' });
    expect(r.status).toBe(200);
    expect(r.json.request.state).toBe('withdrawn');
    expect(r.json.request.trail.at(-1)).toMatchObject({ event: 'withdraw', from: 'supervisorReview', to: 'withdrawn', comment: '招聘计划取消' });
    expect((await w.call('GET', '/api/v1/review/queue', dept)).json.items.map((i: { id: string }) => i.id)).not.toContain(req.id);
    expect((await pulledRequest(inst, req.id as string)).state).toBe('withdrawn');
    expect(await auditActions(req.id as string)).toEqual(['request.submit', 'request.withdraw']);

    // A withdrawn request is final: withdrawing again or deciding on it is a clear 409.
    const again = await w.call('POST', `/api/v1/requests/${req.id}/withdraw`, inst, { reason: '' });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toBe('当前状态为“已撤回”，不能执行“撤回”');
    expect((await w.call('POST', `/api/v1/requests/${req.id}/decision`, dept, { outcome: 'approve', comment: '' })).status).toBe(409);
  });

  it('cannot withdraw after a decision', async () => {
    const req = await w.signed(w.actors.inst, 'INST', 'postUse', postUse(1));
    await w.call('POST', '/api/v1/sync/push', inst, { requests: [req] });
    await w.call('POST', `/api/v1/requests/${req.id}/decision`, dept, { outcome: 'approve', comment: '' });
    await w.call('POST', `/api/v1/requests/${req.id}/decision`, rev, { outcome: 'approve', comment: '' });
    const r = await w.call('POST', `/api/v1/requests/${req.id}/withdraw`, inst, { reason: '' });
    expect(r.status).toBe(409);
    expect(r.json.error.message).toContain('当前状态为“已核准”');
  });

  it('an unknown request is 404', async () => {
    const r = await w.call('POST', '/api/v1/requests/00000000-0000-4000-8000-000000000000/withdraw', inst, { reason: '' });
    expect(r.status).toBe(404);
  });
});

describe('revise and resubmit (退回修改后重新提交)', () => {
  it('a returned request is revised, signed again and goes back to review; the reviewer approves the new content', async () => {
    const req = await w.signed(w.actors.inst, 'INST', 'postUse', postUse(3, '初次'));
    await w.call('POST', '/api/v1/sync/push', inst, { requests: [req] });

    // Before it is returned, resubmitting is an illegal transition.
    const early = await w.signed(w.actors.inst, 'INST', 'postUse', postUse(2, '提前'), req.id as string);
    const e = await w.call('POST', `/api/v1/requests/${req.id}/resubmit`, inst, early);
    expect(e.status).toBe(409);
    expect(e.json.error.message).toBe('当前状态为“主管部门审核中”，不能执行“修改”');

    const ret = await w.call('POST', `/api/v1/requests/${req.id}/decision`, dept, { outcome: 'return', comment: '人数过多，请核减为 2 名' });
    expect(ret.json.request.state).toBe('returned');

    // A returned request cannot be withdrawn (the domain says: revise, or leave it).
    expect((await w.call('POST', `/api/v1/requests/${req.id}/withdraw`, inst, { reason: '' })).status).toBe(409);

    // Tampered content (signature over other content) is refused and changes nothing.
    const forged = { ...early, payload: postUse(1, '篡改') };
    const f = await w.call('POST', `/api/v1/requests/${req.id}/resubmit`, inst, forged);
    expect(f.status).toBe(400);
    expect(f.json.error.message).toContain('申报签名无效');
    // Another kind under the same id is refused.
    const otherKind = await w.signed(w.actors.inst, 'INST', 'change', { target: 'unit', targetId: 'INST', changes: [{ field: 'phone', from: '', to: '1' }], reason: '' }, req.id as string);
    expect((await w.call('POST', `/api/v1/requests/${req.id}/resubmit`, inst, otherKind)).status).toBe(400);
    // Only the unit itself.
    const byDept = await w.call('POST', `/api/v1/requests/${req.id}/resubmit`, dept, early);
    expect(byDept.status).toBe(403);

    const revised = await w.signed(w.actors.inst, 'INST', 'postUse', postUse(2, '已核减'), req.id as string);
    const r = await w.call('POST', `/api/v1/requests/${req.id}/resubmit`, inst, revised);
    expect(r.status).toBe(200);
    expect(r.json.request.state).toBe('supervisorReview');
    expect(r.json.request.payload).toMatchObject({ count: 2, reason: '已核减' });
    expect(r.json.request.trail.slice(-3).map((x: { event: string }) => x.event)).toEqual(['revise', 'submit', 'accept']);
    expect((await pulledRequest(inst, req.id as string)).payload.count).toBe(2);

    // Replaying the same revised item is a duplicate push; the original content now conflicts.
    expect((await w.call('POST', '/api/v1/sync/push', inst, { requests: [revised] })).json.results[0].status).toBe('duplicate');
    expect((await w.call('POST', '/api/v1/sync/push', inst, { requests: [req] })).status).toBe(409);

    await w.call('POST', `/api/v1/requests/${req.id}/decision`, dept, { outcome: 'approve', comment: '' });
    const fin = await w.call('POST', `/api/v1/requests/${req.id}/decision`, rev, { outcome: 'approve', comment: '' });
    expect(fin.json.request.state).toBe('approved');
    const slip = await w.call('GET', `/api/v1/forms/${encodeURIComponent(fin.json.request.result.formNumber)}`, inst);
    expect(slip.json.content.count).toBe(2);
    expect(await auditActions(req.id as string)).toEqual(['request.submit', 'request.return', 'request.resubmit', 'request.supervisorApprove', 'request.approve']);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('a revised post-use request is checked against the vacancies again', async () => {
    const req = await w.signed(w.actors.inst, 'INST', 'postUse', postUse(1));
    await w.call('POST', '/api/v1/sync/push', inst, { requests: [req] });
    await w.call('POST', `/api/v1/requests/${req.id}/decision`, dept, { outcome: 'return', comment: '请补充理由' });
    const tooMany = await w.signed(w.actors.inst, 'INST', 'postUse', postUse(999, '补充理由'), req.id as string);
    const r = await w.call('POST', `/api/v1/requests/${req.id}/resubmit`, inst, tooMany);
    expect(r.status).toBe(422);
    expect((await w.call('GET', `/api/v1/requests/${req.id}`, inst)).json.state).toBe('returned');
  });
});
