/**
 * Against the real server: an ID photo travels with the enrollment (kept locally by digest, uploaded,
 * shown on the person card, fetched from the server by a machine that never had it); a returned request
 * is corrected and resubmitted under its own id; a request still waiting (待上传) can be cancelled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, todayOf, type Client } from '../../client/client-api';
import { seedReplica } from '../../client/demo-replica';
import { DemoKeySource } from '../../client/key-sources';
import type { PhotoPutResult } from '../../domain/contract/photo-print-views';
import type { HomeSummary, RequestItem, SlipView, StaffCard, StaffRow } from '../../domain/contract/views';
import { DEMO_PIN } from '../../native/demo-key';
import { idNumber } from '../server/helpers/world';
import { jpegBytes, sha256Hex } from '../server/photos-fixture';
import { serverFixture, type ServerFixture } from './server-fixture';

const TODAY = todayOf(new Date());
let s: ServerFixture;
const dirs: string[] = [];
const clients: Client[] = [];

async function newClient(withServer = true, seed = false): Promise<Client> {
  const dir = mkdtempSync(join(tmpdir(), 'ebz-photo-client-'));
  dirs.push(dir);
  await s.provisionUnitKey(dir);
  const c = createClient({
    dataDir: dir,
    mode: 'browser',
    keySource: new DemoKeySource(dir),
    server: withServer ? { url: s.server.url, caPem: s.server.caCertPem } : null,
    syncIntervalMs: 0,
    print: false,
    log: pino({ level: 'silent' }),
  });
  clients.push(c);
  // A machine with no server link: its replica filled as `ebz start --offline` does.
  if (seed) seedReplica(c.store, s.slice);
  await c.start();
  await c.call('key:login', { pin: DEMO_PIN });
  return c;
}

/** Lets the background upload / sync started by a call finish before the test looks. */
async function settle(c: Client) {
  await c.call('sync:now', {});
}

let client: Client;
beforeAll(async () => {
  s = await serverFixture({ units: 12, staff: 300, today: TODAY });
  client = await newClient();
  await client.call('sync:now', {});
}, 180_000);

afterAll(async () => {
  for (const c of clients) await c.close();
  await s?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('photos travel with the enrollment', () => {
  const photo = jpegBytes(24_000, 42);
  let staffId = '';

  it('kept locally by digest, uploaded, and shown on the person card once enrolled', async () => {
    const h = (await client.call('home:summary', {})) as HomeSummary;
    const row = h.own.posts.find((p) => p.vacant > 0)!;
    const pu = (await client.call('requests:submit', { kind: 'postUse', payload: { postKey: row.key, count: 1, recruitChannel: 'openRecruitment', reason: '岗位空缺需要补充' } })) as RequestItem;
    await settle(client);
    await s.reviewer.decide(pu.id, 'approve', '同意');
    await settle(client);
    const slip = ((await client.call('slips:list', {})) as SlipView[]).find((x) => x.requestId === pu.id)!;

    const put = (await client.call('photos:put', { base64: photo.toString('base64') })) as PhotoPutResult;
    expect(put).toMatchObject({ sha256: sha256Hex(photo), size: photo.length, format: 'jpeg', width: 358, height: 441 });
    expect(client.store.photos.get(put.sha256)).not.toBeNull();

    const en = (await client.call('requests:submit', {
      kind: 'enrollment',
      payload: {
        slipNumber: slip.number,
        slotNo: 1,
        person: { name: '照片测试', idNumber: idNumber('19950304', 17), sex: 'male', birthDate: '1995-03-04', ethnicity: '汉族', education: 'bachelor', politicalStatus: '群众', phone: '' },
        divisionId: null,
        position: '科员',
        positionLevel: '',
        enrolledOn: TODAY,
        photoDigest: put.sha256,
      },
    })) as RequestItem;
    await settle(client);
    // Uploaded: nothing waits locally, and the server answers the same bytes to this unit.
    expect(client.store.photos.listNotUploaded()).toEqual([]);
    expect((await s.reviewer.decide(en.id, 'approve', '同意入编')).state).toBe('approved');
    await settle(client);

    const found = (await client.call('staff:search', { text: '照片测试' })) as StaffRow[];
    staffId = found[0]!.id;
    const card = (await client.call('staff:get', { id: staffId })) as StaffCard;
    expect(card.photo).toBe(`data:image/jpeg;base64,${photo.toString('base64')}`);
  });

  it('a machine without the photo fetches it from the server and keeps it', async () => {
    const other = await newClient();
    await other.call('sync:now', {});
    expect(other.store.photos.has(sha256Hex(photo))).toBe(false);
    const card = (await other.call('staff:get', { id: staffId })) as StaffCard;
    expect(card.photo).toBe(`data:image/jpeg;base64,${photo.toString('base64')}`);
    expect(other.store.photos.get(sha256Hex(photo))).toMatchObject({ contentType: 'image/jpeg' });
    expect(other.store.photos.get(sha256Hex(photo))!.uploadedAt).not.toBeNull();
  });

  it('refuses a file that is not a usable photo, on the photo field', async () => {
    await expect(client.call('photos:put', { base64: Buffer.alloc(20_000, 3).toString('base64') })).rejects.toMatchObject({ code: 'VALIDATION', field: 'photo' });
    await expect(client.call('photos:put', { base64: jpegBytes(4_000, 1).toString('base64') })).rejects.toMatchObject({ message: expect.stringMatching(/小于 10 KB/) });
    // Over 200 KB never reaches the service: the contract refuses the message.
    await expect(client.call('photos:put', { base64: jpegBytes(210_000, 1).toString('base64') })).rejects.toMatchObject({ code: 'BAD_MESSAGE' });
  });
});

describe('returned requests and the outbox', () => {
  it('a returned request is corrected, re-signed and resubmitted under the same id', async () => {
    const h = (await client.call('home:summary', {})) as HomeSummary;
    const row = h.own.posts.find((p) => p.vacant > 0)!;
    const item = (await client.call('requests:submit', { kind: 'postUse', payload: { postKey: row.key, count: 1, recruitChannel: 'openRecruitment', reason: '第一次申报用编' } })) as RequestItem;
    await settle(client);
    await expect(client.call('requests:resubmit', { id: item.id, payload: item.payload })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await s.reviewer.decide(item.id, 'return', '请写明岗位')).state).toBe('returned');
    await settle(client);
    expect(((await client.call('requests:get', { id: item.id })) as RequestItem).state).toBe('returned');

    // The same checks as a new request, on the right field.
    await expect(client.call('requests:resubmit', { id: item.id, payload: { postKey: row.key, count: 0, recruitChannel: 'openRecruitment', reason: '' } })).rejects.toMatchObject({ code: 'VALIDATION', field: 'count' });
    const again = (await client.call('requests:resubmit', { id: item.id, payload: { postKey: row.key, count: 1, recruitChannel: 'openRecruitment', reason: '岗位：急诊科医师' } })) as RequestItem;
    expect(again.id).toBe(item.id);
    expect(again.state).toBe('bianbanReview');
    expect(again.payload).toMatchObject({ reason: '岗位：急诊科医师' });
    expect(client.store.outbox.listByRequest(item.id)).toHaveLength(1); // no second filing
    const queue = await s.reviewer.queue();
    expect(queue.filter((q) => q.id === item.id)).toHaveLength(1);
    // The server holds the new content, under the unit's new signature.
    expect((await s.reviewer.decide(item.id, 'approve', '同意')).state).toBe('approved');
  });

  it('a request waiting to be uploaded (待上传) can be cancelled; an uploaded one cannot', async () => {
    const offline = await newClient(false, true);
    const oh = (await offline.call('home:summary', {})) as HomeSummary;
    const orow = oh.own.posts.find((p) => p.vacant > 0)!;
    const waiting = (await offline.call('requests:submit', { kind: 'postUse', payload: { postKey: orow.key, count: 1, recruitChannel: 'openRecruitment', reason: '本机待上传的申报' } })) as RequestItem;
    expect(waiting.localState).toBe('waitingUpload');
    expect(await offline.call('requests:cancel', { id: waiting.id })).toEqual({ ok: true });
    expect(offline.store.outbox.listByRequest(waiting.id)).toEqual([]);
    expect(((await offline.call('requests:list', {})) as RequestItem[]).some((r) => r.id === waiting.id)).toBe(false);
    await expect(offline.call('requests:cancel', { id: waiting.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Being sent: refused, the row stays as it was (the sync client owns it).
    const busy = (await offline.call('requests:submit', { kind: 'postUse', payload: { postKey: orow.key, count: 1, recruitChannel: 'openRecruitment', reason: '正在发送的申报' } })) as RequestItem;
    const [claimed] = offline.store.outbox.claimPending(1);
    expect(claimed!.requestId).toBe(busy.id);
    await expect(offline.call('requests:cancel', { id: busy.id })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/正在上传/) });
    expect(offline.store.outbox.get(claimed!.id)).toMatchObject({ state: 'sending' });

    // The online client's request goes at once; cancelling it afterwards is refused.
    await settle(client);
    const h = (await client.call('home:summary', {})) as HomeSummary;
    const row = [...h.own.posts].sort((a, b) => b.vacant - a.vacant)[0]!;
    const sent = (await client.call('requests:submit', { kind: 'postUse', payload: { postKey: row.key, count: 1, recruitChannel: 'openRecruitment', reason: '已经上传的申报' } })) as RequestItem;
    await settle(client);
    expect(((await client.call('requests:get', { id: sent.id })) as RequestItem).lastError).toBeNull();
    await expect(client.call('requests:cancel', { id: sent.id })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/已送达编办/) });
  });
});

