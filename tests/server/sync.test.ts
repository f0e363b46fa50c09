import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { createWorld, type Json, type World } from './helpers/world';

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

type Change = { seq: number; entity: string; id: string; data: Json };

async function pullAll(token: string, after = 0, limit = 3): Promise<{ changes: Change[]; cursor: number; pages: number; total?: number }> {
  const changes: Change[] = [];
  let cursor = after;
  let pages = 0;
  let total: number | undefined;
  for (;;) {
    const r = await w.call('GET', `/api/v1/sync/pull?after=${cursor}&limit=${limit}`, token);
    expect(r.status).toBe(200);
    if (pages === 0) total = r.json.total;
    pages++;
    changes.push(...r.json.changes);
    expect(r.json.cursor).toBeGreaterThanOrEqual(cursor);
    cursor = r.json.cursor;
    if (!r.json.hasMore) return { changes, cursor, pages, total };
  }
}

describe('sync pull', () => {
  it('first sync is a paged snapshot with a total, filtered to what the certificate may see', async () => {
    const dept = await w.login(w.actors.dept);
    const snap = await pullAll(dept);
    expect(snap.pages).toBeGreaterThan(1);
    expect(snap.total).toBe(snap.changes.length);
    const units = snap.changes.filter((c) => c.entity === 'unit').map((c) => c.id).sort();
    expect(units).toEqual(['DEPT', 'INST']);
    expect(snap.changes.some((c) => c.entity === 'staff' && c.data.unitId === 'OTHER')).toBe(false);
    expect(snap.changes.filter((c) => c.entity === 'bianban').map((c) => c.id)).toEqual(['C1']);
    const seqs = snap.changes.map((c) => c.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);

    const inst = await w.login(w.actors.inst);
    const instUnits = (await pullAll(inst)).changes.filter((c) => c.entity === 'unit').map((c) => c.id);
    expect(instUnits).toEqual(['INST']);

    const p = await w.login(w.actors.reviewerP);
    const all = await pullAll(p, 0, 1000);
    expect(all.changes.filter((c) => c.entity === 'unit')).toHaveLength(3);
    const c2 = await w.login(w.actors.reviewerC2);
    expect((await pullAll(c2, 0, 1000)).changes.filter((c) => c.entity === 'unit').map((c) => c.id)).toEqual(['OTHER']);
  });

  it('incremental pull returns only what changed since the cursor, latest version only', async () => {
    const inst = await w.login(w.actors.inst);
    const dept = await w.login(w.actors.dept);
    const rev = await w.login(w.actors.reviewerC1);
    const { cursor } = await pullAll(inst, 0, 1000);
    const other = await w.login(w.actors.other);
    const otherCursor = (await pullAll(other, 0, 1000)).cursor;
    expect((await w.call('GET', `/api/v1/sync/pull?after=${cursor}`, inst)).json.changes).toEqual([]);

    const req = await w.signed(w.actors.inst, 'INST', 'postUse', { postKey: 'institutional:full', count: 1, recruitChannel: 'openRecruitment', reason: '' });
    expect((await w.call('POST', '/api/v1/sync/push', inst, { requests: [req] })).status).toBe(200);
    await w.call('POST', `/api/v1/requests/${req.id}/decision`, dept, { outcome: 'approve', comment: '' });
    await w.call('POST', `/api/v1/requests/${req.id}/decision`, rev, { outcome: 'approve', comment: '同意' });

    const inc = await w.call('GET', `/api/v1/sync/pull?after=${cursor}`, inst);
    expect(inc.json.total).toBeUndefined();
    const byEntity = inc.json.changes.map((c: Change) => c.entity).sort();
    expect(byEntity).toEqual(['form', 'request', 'slip']);
    const request = inc.json.changes.find((c: Change) => c.entity === 'request');
    expect(request.data.state).toBe('approved');
    expect(request.data.trail.map((e: { event: string }) => e.event)).toEqual(['submit', 'accept', 'supervisorApprove', 'approve']);
    const form = inc.json.changes.find((c: Change) => c.entity === 'form');
    expect(form.data.seal.alg).toBe('ECDSA-P256-SHA256');

    // The other city's officer sees none of it.
    const otherPull = await w.call('GET', `/api/v1/sync/pull?after=${otherCursor}`, other);
    expect(otherPull.json.changes).toEqual([]);
  });

  it('rejects a malformed cursor', async () => {
    const inst = await w.login(w.actors.inst);
    expect((await w.call('GET', '/api/v1/sync/pull?after=abc', inst)).status).toBe(400);
    expect((await w.call('GET', '/api/v1/sync/pull?after=-1', inst)).status).toBe(400);
  });
});
