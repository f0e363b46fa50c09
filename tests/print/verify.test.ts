/**
 * Seals end to end with the real server (embedded PGlite): the server approves requests and issues
 * sealed forms; the client's replica gets them through a sync pull; the print service prints them
 * offline; a genuine form verifies offline against the bianban certificate and online against
 * GET /verify, an altered one (another number, another name) fails both; with the server stopped,
 * printing still works and a second print says 补打.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReplica, type Store } from '../../db/index';
import type { EnrollmentNoticeContent, SealedForm } from '../../domain/forms/sealed-content';
import { parseVerificationUrl, verificationUrl } from '../../domain/forms/verification-link';
import { openDatabase } from '../../server/db/open';
import type { Db } from '../../server/db/database';
import { contentDigest, createPrintService, PrintDataError, verifyOnline, verifySealOffline, type PrintService } from '../../client/print/index';
import { createWorld, idNumber, type World } from '../server/helpers/world';
import { missingValues, pdfPages, pdfText } from './helpers';

const BASE = 'https://bianban.example';

let db: Db;
let w: World;
let dir: string;
let store: Store;
let caPem: string;
const seals = new Map<string, SealedForm>();
let slipNo = '';
let noticeNo = '';
let service: PrintService;

/** GET /verify through the real server's routes, as a fetch function (no socket needed). */
const serverFetch: typeof fetch = async (input) => {
  const u = new URL(String(input));
  const r = await w.app.inject({ method: 'GET', url: `${u.pathname}${u.search}` });
  return new Response(r.body, { status: r.statusCode, headers: { 'content-type': String(r.headers['content-type'] ?? 'application/json') } });
};

/** The part of a sync pull this test needs, written into the client's replica as sync would. */
function applyPull(changes: { entity: string; data: Record<string, unknown> }[]) {
  store.transaction(() => {
    for (const c of changes) {
      const d = c.data as never;
      if (c.entity === 'bianban') store.units.upsertBianban(d);
      else if (c.entity === 'unit') store.units.upsert(d);
      else if (c.entity === 'ledgerEntry') store.ledger.upsert(d);
      else if (c.entity === 'staff') store.staff.upsert(d);
      else if (c.entity === 'slip') store.slips.upsert(d);
      else if (c.entity === 'notice') store.slips.upsertNotice(d);
      else if (c.entity === 'form') seals.set((d as SealedForm).number, d);
    }
  });
}

beforeAll(async () => {
  db = await openDatabase({ memory: true });
  w = await createWorld(db);
  const officer = await w.login(w.actors.other);
  const reviewer = await w.login(w.actors.reviewerC2);
  const pu = await w.signed(w.actors.other, 'OTHER', 'postUse', { postKey: 'administrative', count: 2, recruitChannel: 'civilServiceExam', reason: '补充科员' });
  await w.call('POST', '/api/v1/sync/push', officer, { requests: [pu] });
  slipNo = (await w.call('POST', `/api/v1/requests/${pu.id}/decision`, reviewer, { outcome: 'approve', comment: '同意' })).json.request.result.formNumber;
  const today = new Date().toISOString().slice(0, 10);
  const en = await w.signed(w.actors.other, 'OTHER', 'enrollment', {
    slipNumber: slipNo,
    slotNo: 1,
    person: { name: '赵敏', idNumber: idNumber('19960512', 24), sex: 'female', birthDate: '1996-05-12', ethnicity: '汉族', education: 'master', politicalStatus: '中共党员', phone: '13800000000' },
    divisionId: null,
    position: '科员',
    positionLevel: '一级科员',
    enrolledOn: today,
    photoDigest: null,
  });
  await w.call('POST', '/api/v1/sync/push', officer, { requests: [en] });
  const decided = await w.call('POST', `/api/v1/requests/${en.id}/decision`, reviewer, { outcome: 'approve', comment: '同意' });
  expect(decided.status).toBe(200);
  noticeNo = decided.json.request.result.formNumber;

  dir = mkdtempSync(join(tmpdir(), 'ebz-print-verify-'));
  store = openReplica(join(dir, 'replica.db'));
  applyPull((await w.call('GET', '/api/v1/sync/pull?after=0&limit=1000', officer)).json.changes);
  caPem = (await w.app.inject({ method: 'GET', url: '/ca/certificate' })).body;
  service = createPrintService({ store, seals: (n) => seals.get(n) ?? null, trustedCertificates: () => [caPem], verifyBaseUrl: BASE });
});

afterAll(async () => {
  await service?.close();
  store?.close();
  await w?.close();
  await db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function altered(f: SealedForm, change: Partial<EnrollmentNoticeContent>, recomputeDigest: boolean): SealedForm {
  const content = { ...f.content, ...change } as SealedForm['content'];
  return { ...f, number: content.number, content, digest: recomputeDigest ? contentDigest(content) : f.digest };
}

describe('verification of issued forms', () => {
  it('the synced forms carry the server seal in the shape the client prints', () => {
    expect(seals.get(slipNo)?.kind).toBe('postUseSlip');
    expect(seals.get(noticeNo)?.kind).toBe('enrollmentNotice');
    expect(contentDigest(seals.get(noticeNo)!.content)).toBe(seals.get(noticeNo)!.digest);
  });

  it('a genuine form passes offline (bianban certificate) and online (GET /verify)', async () => {
    for (const n of [slipNo, noticeNo]) {
      const f = seals.get(n)!;
      expect(verifySealOffline(f, [caPem])).toMatchObject({ ok: true });
      const online = await verifyOnline({ baseUrl: BASE, number: n, digest: f.digest, fetch: serverFetch });
      expect(online).toMatchObject({ ok: true, answer: { genuine: true, digestMatches: true } });
    }
  });

  it('another number fails: the signature no longer matches, and the server does not know the number', async () => {
    const f = seals.get(noticeNo)!;
    const forged = altered(f, { number: noticeNo.replace(/\d{4}号$/, '0099号') }, true);
    expect(verifySealOffline(forged, [caPem])).toMatchObject({ ok: false, reason: 'signature' });
    expect(await verifyOnline({ baseUrl: BASE, number: forged.number, digest: forged.digest, fetch: serverFetch })).toMatchObject({ ok: false, reason: 'notFound' });
  });

  it('another name fails offline whether or not the forger recomputes the digest, and online by digest', async () => {
    const f = seals.get(noticeNo)!;
    expect(verifySealOffline(altered(f, { name: '钱多多' }, false), [caPem])).toMatchObject({ ok: false, reason: 'digest' });
    const recomputed = altered(f, { name: '钱多多' }, true);
    expect(verifySealOffline(recomputed, [caPem])).toMatchObject({ ok: false, reason: 'signature' });
    expect(await verifyOnline({ baseUrl: BASE, number: noticeNo, digest: recomputed.digest, fetch: serverFetch })).toMatchObject({ ok: false, reason: 'digest' });
  });

  it('a seal from a key the client does not trust fails', () => {
    const f = seals.get(slipNo)!;
    expect(verifySealOffline({ ...f, seal: { ...f.seal, certSerial: 'deadbeef' } }, [caPem])).toMatchObject({ ok: false, reason: 'unknownCertificate' });
  });

  it('the QR text is the verification address with the digest, and reads back', () => {
    const f = seals.get(noticeNo)!;
    const url = verificationUrl(BASE, noticeNo, f.digest);
    expect(parseVerificationUrl(url)).toEqual({ base: BASE, number: noticeNo, digest: f.digest });
  });

  it('a tampered local copy is refused instead of printed', async () => {
    const f = seals.get(noticeNo)!;
    const bad = createPrintService({ store, seals: (n) => (n === noticeNo ? altered(f, { name: '钱多多' }, true) : null), trustedCertificates: () => [caPem], verifyBaseUrl: BASE });
    try {
      expect(() => bad.prepare({ form: 'enrollmentNotice', number: noticeNo })).toThrow(PrintDataError);
    } finally {
      await bad.close();
    }
  });
});

describe('printing with the server stopped', () => {
  it('prints from the local copy, logs each print, and marks the second print 补打 with its date', async () => {
    await w.close();
    expect(await verifyOnline({ baseUrl: 'http://127.0.0.1:9', number: noticeNo, digest: seals.get(noticeNo)!.digest, timeoutMs: 2000 })).toMatchObject({ ok: false, reason: 'unreachable' });

    const first = await service.print({ form: 'enrollmentNotice', number: noticeNo }, { printedBy: '教育局经办人', copies: 3 });
    expect(pdfPages(first.pdf)).toBe(1);
    const text = pdfText(first.pdf);
    expect(missingValues(text, [noticeNo, '赵敏', '青岛市教育局', '青岛市机构编制委员会办公室', seals.get(noticeNo)!.digest])).toEqual([]);
    expect(text).not.toContain('补打');
    expect(first.record).toMatchObject({ printedBy: '教育局经办人', formKind: 'enrollmentNotice', formNumber: noticeNo, copies: 3, reprint: false });

    const second = await service.print({ form: 'enrollmentNotice', number: noticeNo }, { printedBy: '教育局经办人' });
    const today = new Date();
    expect(pdfText(second.pdf)).toContain(`补打${today.getFullYear()}年${today.getMonth() + 1}月${today.getDate()}日`);
    expect(second.record?.reprint).toBe(true);
    expect(service.history({ form: 'enrollmentNotice', number: noticeNo }).map((r) => r.reprint)).toEqual([false, true]);

    const slip = await service.print({ form: 'postUseSlip', number: slipNo }, { printedBy: '教育局经办人' });
    // the slot filled by the enrollment shows on the slip
    expect(missingValues(pdfText(slip.pdf), [slipNo, '赵敏', '未使用'])).toEqual([]);
  });
});
