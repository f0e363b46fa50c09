/**
 * The print centre's channels in browser mode (client/print-port.ts): 批量打印 of a month's notices as
 * one headless-Chromium PDF with each print logged (补打 the second time), the browser's print dialog
 * recorded through print:record, and the Electron-only printer channels refused with advice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReplica, type Store } from '../../db/index';
import { createPdfRenderer, createPrintService, demoPrintSet, sliceSource, type DemoPrintSet, type PdfRenderer, type PrintService } from '../../client/print/index';
import { printHandlers } from '../../client/print-port';
import { AS_OF, NOW, pdfPages, pdfText, VERIFY_BASE } from './helpers';

let demo: DemoPrintSet;
let renderer: PdfRenderer;
let store: Store;
let dir: string;
let service: PrintService;
let unitId = '';
let month = '';
let port: ReturnType<typeof printHandlers>;
let printed = 0;

beforeAll(async () => {
  demo = await demoPrintSet({ asOf: AS_OF });
  dir = mkdtempSync(join(tmpdir(), 'ebz-print-port-'));
  store = openReplica(join(dir, 'replica.db'));
  renderer = createPdfRenderer();
  service = createPrintService({ source: sliceSource(demo.slice, { notices: demo.notices, seals: (n) => demo.source.sealedForm(n) }), store, verifyBaseUrl: VERIFY_BASE, trustedCertificates: () => [demo.sealer.certificatePem], renderer, now: NOW });
  const counts = new Map<string, number>();
  for (const n of demo.notices.filter((x) => x.kind === 'enrollmentNotice')) {
    const k = `${n.unitId}|${n.issuedOn.slice(0, 7)}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  [unitId, month] = [...counts].sort((a, b) => b[1] - a[1])[0]![0].split('|') as [string, string];
  port = printHandlers(() => service, { store, unitId: () => unitId, holder: () => '人事科 王经办', onPrinted: () => printed++, native: null });
});

afterAll(async () => {
  await service?.close();
  await renderer?.close();
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('print centre channels (browser mode)', () => {
  it('批量打印: every enrollment notice of the month in one PDF, each logged; again → 补打', async () => {
    const numbers = service.noticesOfMonth(unitId, month, 'enrollmentNotice');
    const f = await port['print:batch']({ month, kind: 'enrollmentNotice' });
    expect(f).toMatchObject({ mime: 'application/pdf', rows: numbers.length });
    expect(f.fileName).toContain(month);
    const pdf = Buffer.from(f.base64, 'base64');
    expect(pdfPages(pdf)).toBe(numbers.length);
    for (const n of numbers) expect(pdfText(pdf)).toContain(n);
    const log = await port['print:log']({});
    expect(log.filter((r) => r.formKind === 'enrollmentNotice').map((r) => r.formNumber).sort()).toEqual([...numbers].sort());
    expect(log.every((r) => r.printedBy === '人事科 王经办' && !r.reprint)).toBe(true);
    expect(printed).toBe(1);

    const again = Buffer.from((await port['print:batch']({ month, kind: 'enrollmentNotice' })).base64, 'base64');
    expect(pdfText(again)).toContain('补打');
    expect((await port['print:log']({})).filter((r) => r.reprint)).toHaveLength(numbers.length);
  });

  it('a month without notices is refused, naming the month', async () => {
    await expect(port['print:batch']({ month: '1999-01', kind: 'departureNotice' })).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'month', message: expect.stringMatching(/1999年01月/) });
  });

  it("the browser's print dialog is recorded with its copies; the second time as 补打", async () => {
    const number = demo.numbers.postUseSlip;
    unitId = demo.notices.find((n) => n.number === number)?.unitId ?? demo.slice.slips.find((s) => s.number === number)!.unitId;
    const first = await port['print:record']({ formKind: 'postUseSlip', number, copies: 2 });
    expect(first).toMatchObject({ formNumber: number, copies: 2, reprint: false });
    const preview = await port['print:preview']({ formKind: 'postUseSlip', number });
    expect(preview.reprint).toBe(true);
    expect(preview.html).toMatch(/补打/);
    expect(await port['print:record']({ formKind: 'postUseSlip', number, copies: 1 })).toMatchObject({ reprint: true });
  });

  it('has no printers of its own: the Electron-only channels say what to do instead', async () => {
    expect(await port['print:printers']({})).toEqual({ native: false, printers: [] });
    await expect(port['print:toPrinter']({ formKind: 'registrationSheet', number: null, deviceName: null, copies: 1, silent: true })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/浏览器的打印对话框/) });
    await expect(port['print:savePdf']({ formKind: 'registrationSheet', number: null })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
