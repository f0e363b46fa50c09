/**
 * The print service as the print centre uses it: batch printing of a month's notices into one PDF
 * with every form logged, drafts with a watermark and no seal, copies checked, and no request leaving
 * the machine while rendering.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReplica, type Store } from '../../db/index';
import type { AnyRequest } from '../../domain/requests';
import { createPdfRenderer, createPrintService, demoPrintSet, documentHtml, sliceSource, type DemoPrintSet, type PdfRenderer, type PrintService } from '../../client/print/index';
import { html } from '../../client/print/templates/html';
import { AS_OF, missingValues, NOW, pdfPages, pdfText, VERIFY_BASE } from './helpers';

let demo: DemoPrintSet;
let renderer: PdfRenderer;
let store: Store;
let dir: string;
let service: PrintService;
const requests: AnyRequest[] = [];

beforeAll(async () => {
  demo = await demoPrintSet({ asOf: AS_OF });
  dir = mkdtempSync(join(tmpdir(), 'ebz-print-svc-'));
  store = openReplica(join(dir, 'replica.db'));
  renderer = createPdfRenderer();
  const staff = demo.slice.staff.find((s) => s.unitId === demo.unitId)!;
  requests.push(
    { id: 'req-postuse', kind: 'postUse', unitId: demo.unitId, state: 'bianbanReview', payload: { postKey: staff.postKey, count: 3, recruitChannel: 'openRecruitment', reason: '教学需要' }, createdAt: `${AS_OF}T08:00:00Z`, submittedAt: `${AS_OF}T08:00:00Z`, trail: [] },
    { id: 'req-depart', kind: 'departure', unitId: demo.unitId, state: 'submitted', payload: { staffId: staff.id, reason: 'retirement', departedOn: AS_OF, note: '' }, createdAt: `${AS_OF}T08:00:00Z`, submittedAt: `${AS_OF}T08:00:00Z`, trail: [] },
  );
  const seals = new Map(demo.notices.map((n) => [n.number, demo.source.sealedForm(n.number)]));
  const source = sliceSource(demo.slice, { notices: demo.notices, requests, seals: (n) => seals.get(n) ?? demo.source.sealedForm(n) });
  service = createPrintService({ source, store, verifyBaseUrl: VERIFY_BASE, trustedCertificates: () => [demo.sealer.certificatePem], renderer, now: NOW });
});

afterAll(async () => {
  await service?.close();
  await renderer?.close();
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('batch printing', () => {
  it("prints every enrollment notice a unit got in a month as one PDF, one page each, each logged", async () => {
    // the unit and month with the most enrollment notices in the demo slice
    const counts = new Map<string, number>();
    for (const n of demo.notices.filter((x) => x.kind === 'enrollmentNotice')) {
      const k = `${n.unitId}|${n.issuedOn.slice(0, 7)}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const [key] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const [unitId, month] = key.split('|') as [string, string];
    const all = service.noticesOfMonth(unitId, month, 'enrollmentNotice');
    expect(all.length).toBeGreaterThan(1);
    expect(all.every((n) => demo.notices.find((x) => x.number === n)?.issuedOn.startsWith(month))).toBe(true);
    const numbers = all.slice(0, 12);

    const r = await service.printBatch(numbers.map((number) => ({ form: 'enrollmentNotice' as const, number })), { printedBy: '人事科' });
    expect(pdfPages(r.pdf)).toBe(numbers.length);
    expect(missingValues(pdfText(r.pdf), numbers)).toEqual([]);
    expect(pdfText(r.pdf, 2)).toContain(numbers[1]!);
    expect(r.records.map((x) => x.formNumber)).toEqual(numbers);
    expect(r.records.every((x) => !x.reprint)).toBe(true);

    // the same batch again: every page says 补打, every log entry is a reprint
    const again = await service.printBatch(numbers.map((number) => ({ form: 'enrollmentNotice' as const, number })), { printedBy: '人事科' });
    expect(pdfText(again.pdf).split('补打2026年5月6日').length - 1).toBe(numbers.length);
    expect(again.records.every((x) => x.reprint)).toBe(true);
    expect(store.local.listPrints('enrollmentNotice', numbers[0]!)).toHaveLength(2);
  });

  it('refuses a batch of mixed forms', async () => {
    await expect(
      service.printBatch(
        [
          { form: 'enrollmentNotice', number: demo.numbers.enrollmentNotice },
          { form: 'departureNotice', number: demo.numbers.departureNotice },
        ],
        { printedBy: '人事科' },
      ),
    ).rejects.toThrow(/同一种表单/);
  });
});

describe('drafts', () => {
  it('a post-use request under review prints as a watermarked draft slip without number, seal or QR', async () => {
    const r = await service.print({ form: 'postUseSlip', draftOf: 'req-postuse' }, { printedBy: '人事科' });
    const text = pdfText(r.pdf);
    expect(missingValues(text, ['草稿', '（核准后由编办编号）', '（草稿，不盖章）', '3名'])).toEqual([]);
    expect(text).not.toContain('内容摘要');
    expect(r.prepared.html).not.toContain('class="seal"');
    expect(r.prepared.html).not.toContain('class="qr"');
    expect(r.record).toMatchObject({ formKind: 'postUseSlip', formNumber: null, reprint: false });
  });

  it('a departure request prints as a draft departure notice for that person', async () => {
    const m = demo.slice.staff.find((s) => s.unitId === demo.unitId)!;
    const r = await service.print({ form: 'departureNotice', draftOf: 'req-depart' }, { printedBy: '人事科' });
    expect(missingValues(pdfText(r.pdf), ['草稿', m.name, m.idNumber, '退休'])).toEqual([]);
  });

  it('says which form a request is for when asked for the wrong one', () => {
    expect(() => service.prepare({ form: 'enrollmentNotice', draftOf: 'req-postuse' })).toThrow(/编制使用单/);
  });
});

describe('print log and offline rendering', () => {
  it('rejects impossible copy counts before printing', async () => {
    await expect(service.print({ form: 'certificateExtract', unitId: demo.unitId }, { printedBy: '人事科', copies: 0 })).rejects.toThrow(/份数/);
  });

  it('a unit sheet is logged without a number and is never a reprint', async () => {
    const a = await service.print({ form: 'registrationSheet', unitId: demo.unitId }, { printedBy: '人事科' });
    const b = await service.print({ form: 'registrationSheet', unitId: demo.unitId }, { printedBy: '人事科' });
    expect([a.record?.reprint, b.record?.reprint]).toEqual([false, false]);
    expect(store.local.listPrints('registrationSheet', null).length).toBeGreaterThanOrEqual(2);
  });

  it('renders without reaching any network address', async () => {
    // a page that asks for an outside resource still renders, and the request is refused locally
    const doc = { title: 't', body: html`<p>离线测试</p><img src="http://192.0.2.1/x.png" alt=""><link rel="stylesheet" href="https://example.com/x.css">` };
    const started = Date.now();
    const pdf = await service.toPdf(documentHtml(doc, { printedOn: AS_OF }));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(pdfText(pdf)).toContain('离线测试');
  });
});
