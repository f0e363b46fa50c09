/**
 * Network faults between the client and the real server (PostgreSQL), through a fault-injecting proxy on
 * loopback: each is retried or reported in Chinese, and the replica is never left half-written.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpFailure } from '../../client/connection';
import type { SyncClient } from '../../client/sync-client';
import { startFaultProxy, type FaultProxy } from './helpers/fault-proxy';
import { syncEnv, type SyncEnv } from './helpers/sync-env';

let env: SyncEnv;
let proxy: FaultProxy;

beforeAll(async () => {
  env = await syncEnv({ units: 16, staff: 1500 });
  proxy = await startFaultProxy(env.fx.server.port);
}, 180_000);

afterAll(async () => {
  await proxy?.close();
  await env?.close();
});

async function failure(sync: SyncClient): Promise<HttpFailure> {
  const e: unknown = await sync.syncNow().then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(HttpFailure);
  return e as HttpFailure;
}

async function onServer(id: string): Promise<number> {
  return (await env.db.db.query<{ n: number }>('SELECT count(*)::int AS n FROM requests WHERE id = $1', [id])).rows[0]!.n;
}

/** A client folder that has done its first sync through the proxy. */
async function syncedDir(): Promise<string> {
  proxy.fault = { kind: 'none' };
  const dir = await env.clientDir();
  const s = await env.syncClient(dir, { url: proxy.url });
  await s.sync.syncNow();
  s.close();
  return dir;
}

describe('faults between client and server', () => {
  it('a connection reset in the middle of a snapshot page: reported as offline, only whole pages kept, the next round completes the snapshot', async () => {
    const dir = await env.clientDir();
    const s = await env.syncClient(dir, { url: proxy.url });
    s.sync.tune({ pageSize: 50 });
    proxy.fault = { kind: 'resetAfter', bytes: 100_000 };
    const err = await failure(s.sync);
    expect(err.offline).toBe(true);
    expect(err.message).toMatch(/^(无法连接编办服务器|读取服务器应答时出错)/);
    const st = s.sync.status();
    expect(st.online).toBe(false);
    expect(st.lastError).toBe(err.message);
    expect(st.snapshot.complete).toBe(false);
    // Whatever was applied is whole pages: the snapshot count is a multiple of the page size and at least one page got in.
    expect(st.snapshot.done % 50).toBe(0);
    expect(st.snapshot.done).toBeGreaterThan(0);
    expect(Number(s.store.local.getCursor().cursor)).toBeGreaterThan(0);

    proxy.fault = { kind: 'none' };
    await s.sync.syncNow();
    const done = s.sync.status();
    expect(done).toMatchObject({ online: true, lastError: null, snapshot: { complete: true } });
    expect(done.snapshot.done).toBe(done.snapshot.total);
    const visible = await env.visible(env.fx.unitId);
    expect(s.count('staff')).toBe(visible.staff);
    expect(s.count('units')).toBe(visible.units);
  });

  it('a server restart: the round fails while it is down, the pending request goes through exactly once after', async () => {
    const dir = await syncedDir();
    const [id] = await env.file(dir, 1);
    const s = await env.syncClient(dir, { url: proxy.url });
    await env.stop();
    try {
      const err = await failure(s.sync);
      expect(err.offline).toBe(true);
      expect(err.message).toContain('无法连接编办服务器');
      expect(s.store.outbox.listByRequest(id!)[0]!.state).toBe('pending');
      expect(await onServer(id!)).toBe(0);
    } finally {
      await env.start();
    }
    await s.sync.syncNow();
    expect(s.store.outbox.listByRequest(id!)[0]!.state).toBe('acked');
    expect(await onServer(id!)).toBe(1);
  });

  it('a slow server past the client timeout: reported; the resend after the timeout is answered as a duplicate, applied once', async () => {
    const dir = await syncedDir();
    const s = await env.syncClient(dir, { url: proxy.url });
    await s.sync.syncNow(); // logged in, nothing to push
    const [id] = await env.file(dir, 1);
    s.sync.tune({ timeoutMs: 500 });
    proxy.fault = { kind: 'delay', ms: 1_500 };
    const err = await failure(s.sync);
    expect(err.message).toContain('连接超时');
    // The server got and stored it; the client never saw the answer, so the row stays in the outbox.
    expect(await onServer(id!)).toBe(1);
    const item = s.store.outbox.listByRequest(id!)[0]!;
    expect(item).toMatchObject({ state: 'pending', attempts: 1 });
    expect(item.lastError).toContain('连接超时');

    proxy.fault = { kind: 'none' };
    s.sync.tune({ timeoutMs: 30_000 });
    await s.sync.syncNow();
    expect(s.store.outbox.listByRequest(id!)[0]).toMatchObject({ state: 'acked', attempts: 2 });
    expect(await onServer(id!)).toBe(1);
  });

  it('TLS failure (a CA other than the bianban\'s): a clear Chinese error and no retry storm', async () => {
    proxy.fault = { kind: 'none' };
    const dir = await env.clientDir();
    const other = otherCaPem(dir);
    const s = await env.syncClient(dir, { url: proxy.url, caPem: other });
    s.sync.tune({ backoff: { baseMs: 20, maxMs: 60_000 } });
    const before = proxy.connections;
    s.sync.startSchedule(50);
    await new Promise((r) => setTimeout(r, 1_500));
    s.sync.stopSchedule();
    const st = s.sync.status();
    expect(st.lastError).toContain('服务器证书校验失败');
    expect(st.online).toBe(false);
    // One attempt, then the schedule waits the longest delay: a wrong CA is not fixed by retrying.
    expect(proxy.connections - before).toBe(1);
    expect(s.count('staff')).toBe(0);
  });

  it('a network error is retried by the schedule with growing, jittered delays until the link is back', async () => {
    const dir = await syncedDir();
    const [id] = await env.file(dir, 1);
    const s = await env.syncClient(dir, { url: proxy.url });
    s.sync.tune({ backoff: { baseMs: 40, maxMs: 400 } });
    proxy.fault = { kind: 'refuse' };
    proxy.dropAll(); // kept-alive connections would carry on past the fault
    const before = proxy.connections;
    s.sync.startSchedule(2_000 /* healthy interval: sooner retries come from the backoff */);
    await s.sync.syncNow().catch(() => undefined);
    const t0 = Date.now();
    while (Date.now() - t0 < 1_500 && s.sync.consecutiveFailures < 4) await new Promise((r) => setTimeout(r, 20));
    expect(s.sync.consecutiveFailures).toBeGreaterThanOrEqual(2);
    expect(s.sync.status().lastError).toContain('无法连接编办服务器');
    proxy.fault = { kind: 'none' };
    const t1 = Date.now();
    while (Date.now() - t1 < 5_000 && s.store.outbox.listByRequest(id!)[0]!.state !== 'acked') await new Promise((r) => setTimeout(r, 20));
    expect(s.store.outbox.listByRequest(id!)[0]!.state).toBe('acked');
    // The push acks the request mid-round; the failure count resets only when the round's pull is done too.
    // Join that round (syncNow shares the round in progress) instead of reading the counter while it runs.
    await s.sync.syncNow();
    s.sync.stopSchedule();
    expect(s.sync.consecutiveFailures).toBe(0);
    expect(proxy.connections - before).toBeLessThan(40);
    expect(await onServer(id!)).toBe(1);
  });

  it('clock skew: a client whose clock is 6 hours ahead still files and syncs; the signed time is kept as signed', async () => {
    const dir = await syncedDir();
    const ahead = new Date(Date.now() + 6 * 3600_000);
    const [id] = await env.file(dir, 1, { now: () => ahead });
    const s = await env.syncClient(dir, { url: proxy.url });
    await s.sync.syncNow();
    expect(s.store.outbox.listByRequest(id!)[0]!.state).toBe('acked');
    const r = await env.db.db.query<{ content: { createdAt: string } }>('SELECT content FROM requests WHERE id = $1', [id]);
    expect(Date.parse(r.rows[0]!.content.createdAt) - Date.now()).toBeGreaterThan(5 * 3600_000);
  });
});

/** A self-signed CA certificate that did not issue the server's certificate. */
function otherCaPem(dir: string): string {
  const key = join(dir, 'other-ca.key');
  const crt = join(dir, 'other-ca.crt');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', crt, '-subj', '/CN=其他编办 CA', '-days', '2'], { stdio: 'pipe' });
  return readFileSync(crt, 'utf8');
}
