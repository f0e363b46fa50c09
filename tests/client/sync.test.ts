import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, todayOf, type Client } from '../../client/client-api';
import { DemoKeySource } from '../../client/key-sources';
import type { HomeSummary, RequestItem, SlipView, SyncStatus } from '../../domain/contract/views';
import { DEMO_PIN } from '../../native/demo-key';
import { DevCa } from '../../native/dev-ca';
import { serverFixture, type ServerFixture } from './server-fixture';

const TODAY = todayOf(new Date());
let s: ServerFixture;
let client: Client;
let clientDir: string;

beforeAll(async () => {
  s = await serverFixture({ units: 16, staff: 600, today: TODAY });
  clientDir = mkdtempSync(join(tmpdir(), 'ebz-sync-client-'));
  await s.provisionUnitKey(clientDir);
  client = createClient({
    dataDir: clientDir,
    mode: 'browser',
    keySource: new DemoKeySource(clientDir),
    server: { url: s.server.url, caPem: s.server.caCertPem },
    syncIntervalMs: 0,
    print: false,
    log: pino({ level: 'silent' }),
  });
  await client.start();
}, 180_000);

afterAll(async () => {
  await client?.close();
  await s?.close();
  if (clientDir) rmSync(clientDir, { recursive: true, force: true });
});

describe('sync with the real server (HTTPS, CA pinned, key-signature login)', () => {
  it('logs in with the key and pulls the unit as a first snapshot', async () => {
    await client.call('key:login', { pin: DEMO_PIN });
    const st = (await client.call('sync:now', {})) as SyncStatus;
    expect(st).toMatchObject({ online: true, lastError: null, snapshot: { complete: true } });
    expect(st.snapshot.total).toBeGreaterThan(0);
    expect(((await client.call('key:status', {})) as { unitId: string }).unitId).toBe(s.unitId);
    const h = (await client.call('home:summary', {})) as HomeSummary;
    expect(h.unit.id).toBe(s.unitId);
    expect(h.staffCount).toBeGreaterThan(0);
  });

  it('pushes a signed post-use request once, and the approved slip comes back in the next pull', async () => {
    const h = (await client.call('home:summary', {})) as HomeSummary;
    const row = h.own.posts.find((p) => p.vacant > 0)!;
    expect(row).toBeDefined();
    const item = (await client.call('requests:submit', {
      kind: 'postUse',
      payload: { postKey: row.key, count: 1, recruitChannel: 'openRecruitment', reason: '岗位空缺需要补充' },
    })) as RequestItem;
    await client.call('sync:now', {});
    const synced = (await client.call('requests:get', { id: item.id })) as RequestItem;
    expect(synced.localState).toBeNull();
    // The demo unit is a department (no supervisor): its requests go straight to the bianban.
    expect(synced.state).toBe('bianbanReview');
    expect(client.store.outbox.listByRequest(item.id)[0]!.state).toBe('acked');

    expect((await s.reviewer.decide(item.id, 'approve', '同意使用')).state).toBe('approved');
    await client.call('sync:now', {});
    const slips = (await client.call('slips:list', {})) as SlipView[];
    const slip = slips.find((x) => x.requestId === item.id);
    expect(slip).toMatchObject({ postKey: row.key, count: 1, live: true, unused: 1 });
    const after = (await client.call('home:summary', {})) as HomeSummary;
    const r2 = after.own.posts.find((p) => p.key === row.key)!;
    expect(r2.reserved).toBe(row.reserved + 1);
    expect(r2.vacant).toBe(row.vacant - 1);
  });

  it('a repeated push of the same request is answered as a duplicate, not filed twice', async () => {
    const [acked] = client.store.outbox.listByState('acked');
    expect(acked).toBeDefined();
    const again = client.store.outbox.enqueue({ requestId: acked!.requestId, body: acked!.body, signature: acked!.signature });
    await client.call('sync:now', {});
    expect(client.store.outbox.get(again.id)!.state).toBe('acked');
    const queue = await s.reviewer.queue();
    expect(queue.filter((q) => q.id === acked!.requestId).length).toBeLessThanOrEqual(1);
  });

  it('withdraws a request under review through the server', async () => {
    const h = (await client.call('home:summary', {})) as HomeSummary;
    const row = h.own.posts.find((p) => p.vacant > 0)!;
    const item = (await client.call('requests:submit', {
      kind: 'postUse',
      payload: { postKey: row.key, count: 1, recruitChannel: 'civilServiceExam', reason: '岗位空缺需要补充' },
    })) as RequestItem;
    await client.call('sync:now', {});
    const after = (await client.call('requests:withdraw', { id: item.id, reason: '暂缓招聘' })) as RequestItem;
    expect(after.state).toBe('withdrawn');
    expect(after.trail.at(-1)).toMatchObject({ event: 'withdraw', comment: '暂缓招聘' });
  });

  it('refuses a server whose certificate is not from the pinned CA', async () => {
    // A CA that did not issue the server's certificate.
    const OTHER_CA = (await DevCa.open(mkdtempSync(join(tmpdir(), 'ebz-other-ca-')))).certificatePem;
    const other = createClient({
      dataDir: mkdtempSync(join(tmpdir(), 'ebz-sync-pin-')),
      mode: 'browser',
      keySource: new DemoKeySource(clientDir),
      server: { url: s.server.url, caPem: OTHER_CA },
      syncIntervalMs: 0,
      print: false,
      log: pino({ level: 'silent' }),
    });
    await other.start();
    await other.call('key:login', { pin: DEMO_PIN });
    await expect(other.call('sync:now', {})).rejects.toMatchObject({ code: 'OFFLINE', message: expect.stringMatching(/服务器证书校验失败/) });
    await other.close();
  });
});

