/** The one-command default: the same server on embedded PGlite. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/verify';
import type { Db } from '../../server/db/database';
import { openDatabase } from '../../server/db/open';
import { createWorld, type World } from './helpers/world';

let db: Db;
let w: World;
beforeAll(async () => {
  db = await openDatabase({ memory: true });
  w = await createWorld(db);
});
afterAll(async () => {
  await w?.close();
  await db?.close();
});

describe('server on PGlite', () => {
  it('logs in, takes a signed request, approves it with a numbered sealed slip, and syncs it', async () => {
    const other = await w.login(w.actors.other);
    const rev = await w.login(w.actors.reviewerC2);
    const r = await w.signed(w.actors.other, 'OTHER', 'postUse', { postKey: 'administrative', count: 2, recruitChannel: 'civilServiceExam', reason: '' });
    expect((await w.call('POST', '/api/v1/sync/push', other, { requests: [r] })).json.results[0].state).toBe('bianbanReview');
    const d = await w.call('POST', `/api/v1/requests/${r.id}/decision`, rev, { outcome: 'approve', comment: '同意' });
    expect(d.status).toBe(200);
    const number = d.json.request.result.formNumber;
    expect(number).toMatch(/^青机编用〔\d{4}〕0001号$/);
    expect((await w.call('GET', `/verify/${encodeURIComponent(number)}`)).json.genuine).toBe(true);
    const pulled = await w.call('GET', '/api/v1/sync/pull?after=0', other);
    expect(pulled.json.changes.some((c: { entity: string; id: string }) => c.entity === 'slip' && c.id === number)).toBe(true);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('parallel approvals cannot overspend on PGlite either', async () => {
    const other = await w.login(w.actors.other);
    const rev = await w.login(w.actors.reviewerC2);
    // OTHER: 8 approved, 1 occupied, 2 reserved above → 5 vacant.
    const reqs = [];
    for (let i = 0; i < 8; i++) reqs.push(await w.signed(w.actors.other, 'OTHER', 'postUse', { postKey: 'administrative', count: 1, recruitChannel: 'civilServiceExam', reason: '' }));
    await w.call('POST', '/api/v1/sync/push', other, { requests: reqs });
    const res = await Promise.all(reqs.map((r) => w.call('POST', `/api/v1/requests/${r.id}/decision`, rev, { outcome: 'approve', comment: '' })));
    expect(res.filter((x) => x.status === 200)).toHaveLength(5);
  });
});
