/**
 * The pieces around the wire: server entities → replica tables, retry delays, protocol versions 1 and 2
 * against the same server, and a supervising department's replica holding its subordinates' requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffDelay } from '../../client/sync/backoff';
import { toReplicaChanges } from '../../client/sync-client';
import { negotiateSyncProtocol, SYNC_PROTOCOL_VERSION } from '../../domain/api/sync';
import type { RequestItem } from '../../domain/contract/views';
import { syncEnv, type SyncEnv } from './helpers/sync-env';

describe('server entity → replica table', () => {
  it('an issued form goes to sealed_forms (and a notice to notices); a deletion deletes by key', () => {
    const form = { number: '2026-0001', kind: 'enrollmentNotice', content: { requestId: 'r1', unitId: 'u1', staffId: 's1', issuedOn: '2026-01-02', slipNumber: 'S1', slotNo: 1 } };
    const out = toReplicaChanges({ seq: 1, entity: 'form', id: '2026-0001', data: form });
    expect(out.map((c) => [c.table, c.op])).toEqual([
      ['sealed_forms', 'upsert'],
      ['notices', 'upsert'],
    ]);
    expect(out[1]!.row).toMatchObject({ number: '2026-0001', staffId: 's1', slotNo: 1 });
    const slipForm = toReplicaChanges({ seq: 2, entity: 'form', id: 'S1', data: { number: 'S1', kind: 'postUseSlip', content: {} } });
    expect(slipForm.map((c) => c.table)).toEqual(['sealed_forms']);
    expect(toReplicaChanges({ seq: 3, entity: 'staff', id: 's9', data: null })).toEqual([{ table: 'staff', op: 'delete', row: { id: 's9' } }]);
    expect(toReplicaChanges({ seq: 4, entity: 'slip', id: 'S2', data: null })).toEqual([{ table: 'slips', op: 'delete', row: { number: 'S2' } }]);
  });

  it('every entity the server logs has a table or is deliberately not kept; an unknown entity is skipped, not fatal', () => {
    const kept = ['bianban', 'unit', 'division', 'ledgerEntry', 'staff', 'departedStaff', 'offEstablishment', 'request', 'slip', 'form'];
    for (const entity of kept) expect(toReplicaChanges({ seq: 1, entity, id: 'x', data: null }).length, entity).toBeGreaterThan(0);
    for (const entity of ['certificate', 'formNumberPatterns', 'somethingNewer']) expect(toReplicaChanges({ seq: 1, entity, id: 'x', data: { a: 1 } })).toEqual([]);
  });
});

describe('protocol negotiation', () => {
  it('no version is protocol 1; a newer client names the server to update, an older one the client', () => {
    expect(negotiateSyncProtocol(undefined)).toEqual({ ok: true, version: 1 });
    expect(negotiateSyncProtocol(SYNC_PROTOCOL_VERSION)).toEqual({ ok: true, version: SYNC_PROTOCOL_VERSION });
    const newer = negotiateSyncProtocol(9, [1, 2]);
    expect(newer).toMatchObject({ ok: false, code: 'SYNC_PROTOCOL_TOO_NEW' });
    expect(!newer.ok && newer.message).toContain('升级服务器');
    const older = negotiateSyncProtocol(1, [2, 3]);
    expect(older).toMatchObject({ ok: false, code: 'SYNC_PROTOCOL_TOO_OLD' });
    expect(!older.ok && older.message).toContain('请升级本客户端');
  });
});

describe('retry delays', () => {
  it('grow exponentially up to the cap, with jitter inside [base/2, bound]', () => {
    const o = { baseMs: 1000, maxMs: 60_000 };
    expect(backoffDelay(1, { ...o, random: () => 1 })).toBe(1000);
    expect(backoffDelay(4, { ...o, random: () => 1 })).toBe(8000);
    expect(backoffDelay(30, { ...o, random: () => 1 })).toBe(60_000);
    expect(backoffDelay(30, { ...o, random: () => 0 })).toBe(500);
    const seen = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(5, o);
      expect(d).toBeGreaterThanOrEqual(500);
      expect(d).toBeLessThanOrEqual(16_000);
      seen.add(d);
    }
    expect(seen.size).toBeGreaterThan(10);
  });
});

describe('with the real server', () => {
  let env: SyncEnv;
  beforeAll(async () => {
    env = await syncEnv({ units: 16, staff: 600 });
  }, 180_000);
  afterAll(async () => {
    await env?.close();
  });

  it('a protocol-1 client (no version field) and a protocol-2 client sync the same replica from the same server', async () => {
    const v1 = await env.syncClient(await env.clientDir());
    v1.sync.tune({ protocolVersion: 1, pageSize: 40 });
    const v2 = await env.syncClient(await env.clientDir());
    v2.sync.tune({ pageSize: 40 });
    await v1.sync.syncNow();
    await v2.sync.syncNow();
    for (const t of ['staff', 'units', 'ledger_entries', 'slips', 'requests']) expect(v1.count(t), t).toBe(v2.count(t));
    expect(v1.count('staff')).toBe((await env.visible(env.fx.unitId)).staff);
    // Both push too: the protocol-1 client's request is stored like any other.
    const id = await v1.fileChange(env.fx.unitId);
    await v1.sync.syncNow();
    expect(v1.store.outbox.listByRequest(id)[0]!.state).toBe('acked');
    await v2.sync.syncNow();
    expect(v2.store.requests.get(id)?.state).toBe('bianbanReview');
  });

  it('the server names the protocol it speaks and refuses a newer one (400, saying the server must be updated)', async () => {
    const s = await env.syncClient(await env.clientDir());
    await s.sync.syncNow();
    const page = await s.sync.connection.call('syncPull', { query: { after: 999999999, protocolVersion: SYNC_PROTOCOL_VERSION } });
    expect(page.protocolVersion).toBe(SYNC_PROTOCOL_VERSION);
    await expect(s.sync.connection.call('syncPull', { query: { after: 0, protocolVersion: SYNC_PROTOCOL_VERSION + 1 } })).rejects.toMatchObject({
      status: 400,
      code: 'SYNC_PROTOCOL_TOO_NEW',
      message: expect.stringContaining('联系编办升级服务器'),
    });
  });

  it('a client newer than the server is told to have the server updated; its outbox waits, nothing is refused for good', async () => {
    const s = await env.syncClient(await env.clientDir());
    await s.sync.syncNow();
    s.sync.tune({ protocolVersion: SYNC_PROTOCOL_VERSION + 1 });
    const id = await s.fileChange(env.fx.unitId);
    await expect(s.sync.syncNow()).rejects.toMatchObject({ code: 'SYNC_PROTOCOL_TOO_NEW' });
    // The client surfaces the server's reason, and the request stays queued for the next round.
    expect(s.sync.status().lastError).toContain('联系编办升级服务器');
    expect(s.store.outbox.listByRequest(id)[0]!.state).toBe('pending');
    s.sync.tune({ protocolVersion: SYNC_PROTOCOL_VERSION });
    await s.sync.syncNow();
    expect(s.store.outbox.listByRequest(id)[0]!.state).toBe('acked');
  });

  it("a supervising department's pull brings its subordinates' requests awaiting its review, listed by the client API", async () => {
    const sub = env.fx.slice.units.find((u) => u.supervisorUnitId === env.fx.unitId && !u.abolished)!;
    expect(sub).toBeDefined();
    const subDesk = await env.syncClient(await env.clientDir(sub.id));
    await subDesk.sync.syncNow();
    const id = await subDesk.fileChange(sub.id);
    await subDesk.sync.syncNow();
    expect(subDesk.store.requests.get(id)?.state).toBe('supervisorReview');

    const deptDir = await env.clientDir();
    const dept = await env.client(deptDir);
    await dept.sync.syncNow();
    const r = dept.store.requests.get(id);
    expect(r).toMatchObject({ unitId: sub.id, state: 'supervisorReview' });
    const listed = (await dept.call('requests:list', {})) as RequestItem[];
    expect(listed.find((x) => x.id === id)).toMatchObject({ state: 'supervisorReview' });
  });
});
