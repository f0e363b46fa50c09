/**
 * The print service the desktop client hosts (Electron main and browser mode alike): assembles a
 * form from the local replica, renders it, makes the PDF in a warm headless Chromium, and records
 * every print in the local print log — a second print of the same form is a 补打 and says so.
 *
 * Electron prints the same HTML with webContents.print / printToPDF: call `prepare` for the HTML,
 * then `record` once the print job has been sent.
 */
import type { Logger } from 'pino';
import type { PrintRecord, Store } from '../../db/index';
import type { WorkCalendar } from '../../domain/forms/publicity-period';
import { PRINT_FORM_TITLES, type FormKind, type NoticeKind, type PrintForm } from '../../domain/forms/printable-forms';
import {
  certificateExtractData,
  departureNoticeData,
  draftData,
  enrollmentNoticeData,
  postUseSlipData,
  PrintDataError,
  publicityNoticeData,
  registrationSheetData,
  verificationReportData,
  type AssembleOptions,
} from './assemble';
import { createPdfRenderer, type PdfRenderer } from './chromium-pdf';
import { renderForm, formDoc, type FormData } from './forms/registry';
import { documentHtml, type FormDoc } from './templates/page';
import { storeSource, type PrintSource, type SealLookup } from './source';

/** What to print. Issued forms by number (or a draft by request id); sheets by unit. */
export type PrintTarget =
  | { form: FormKind; number: string }
  | { form: FormKind; draftOf: string }
  | { form: 'registrationSheet' | 'verificationReport'; unitId: string }
  | { form: 'certificateExtract'; unitId: string; copies?: number }
  | { form: 'publicityNotice'; unitId: string; start?: string; workingDays?: number; calendar?: WorkCalendar; contact?: { department: string; phone: string } };

export interface PreparedPrint {
  form: PrintForm;
  label: string;
  /** The issued number; null for drafts and the unit's own sheets. */
  number: string | null;
  title: string;
  html: string;
  /** This print is a 补打 (the form was printed before, or a reprint was asked for). */
  reprint: boolean;
  printedOn: string;
  /** Copies the form is meant to be printed in (the certificate extract has two on one document). */
  draft: boolean;
  doc: FormDoc;
}

export interface PrintServiceOptions {
  /** The local replica; prints are logged in its print log. */
  store?: Store;
  /** Where data comes from when not the store (demo slices, tests). */
  source?: PrintSource;
  /** Sealed issued forms by number (the replica has no seal table yet; see docs/forms.md). */
  seals?: SealLookup;
  /** The bianban certificates (PEM) a local seal must verify against before it is printed. */
  trustedCertificates?: () => readonly string[];
  /** Base of the server's public verification address, printed in the QR code. */
  verifyBaseUrl: string;
  chromiumPath?: string;
  /** Share one warm renderer between services (tests, benchmarks). */
  renderer?: PdfRenderer;
  log?: Pick<Logger, 'info' | 'warn' | 'debug'>;
  /** Clock for print dates; `today` is its local calendar date. */
  now?: () => Date;
}

export interface PrintOptions {
  /** Who prints: the certificate holder's name as the UI shows it. */
  printedBy: string;
  copies?: number;
  /** Force the 补打 mark (otherwise decided by the print log). */
  reprint?: boolean;
}

export interface PrintResult {
  pdf: Buffer;
  prepared: PreparedPrint;
  record: PrintRecord | null;
}

export interface BatchResult {
  pdf: Buffer;
  items: PreparedPrint[];
  records: PrintRecord[];
}

export interface PrintService {
  /** Assembles and renders a form; no PDF, nothing logged. */
  prepare(target: PrintTarget, o?: { reprint?: boolean }): PreparedPrint;
  /** Renders a template from data the caller already has (previews of unsaved drafts). */
  renderHtml<F extends PrintForm>(form: F, data: FormData[F], o?: { reprint?: boolean; printedOn?: string }): string;
  toPdf(html: string): Promise<Buffer>;
  /** Writes the print log entry for a prepared print (after Electron has sent it to the printer). */
  record(p: PreparedPrint, o: PrintOptions): PrintRecord | null;
  /** prepare → PDF → print log. */
  print(target: PrintTarget, o: PrintOptions): Promise<PrintResult>;
  /** The same, always marked 补打. */
  reprint(target: PrintTarget, o: PrintOptions): Promise<PrintResult>;
  /** Several forms of one kind as one PDF (e.g. every notice of a month), each logged. */
  printBatch(targets: readonly PrintTarget[], o: PrintOptions): Promise<BatchResult>;
  /** Numbers of the notices a unit was issued in a month (YYYY-MM), oldest first, for batch printing. */
  noticesOfMonth(unitId: string, month: string, kind: NoticeKind): string[];
  history(target: PrintTarget): PrintRecord[];
  warm(): Promise<void>;
  close(): Promise<void>;
}

function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function createPrintService(opts: PrintServiceOptions): PrintService {
  const source = opts.source ?? (opts.store ? storeSource(opts.store, opts.seals) : null);
  if (!source) throw new Error('createPrintService：需要 store（本地数据库）或 source（数据来源）');
  const ownRenderer = !opts.renderer;
  const renderer = opts.renderer ?? createPdfRenderer({ executablePath: opts.chromiumPath, log: opts.log });
  const now = opts.now ?? (() => new Date());
  const today = () => localDate(now());
  const assemble = (): AssembleOptions => ({ today: today(), verifyBaseUrl: opts.verifyBaseUrl, trusted: opts.trustedCertificates?.() ?? [] });

  function numberOf(t: PrintTarget): string | null {
    return 'number' in t ? t.number : null;
  }

  function dataFor(t: PrintTarget): { form: PrintForm; data: FormData[PrintForm] } {
    const a = assemble();
    if ('draftOf' in t) {
      const { kind, ...data } = draftData(source!, t.draftOf, a);
      if (kind !== t.form) throw new PrintDataError(`申报 ${t.draftOf} 对应的是${PRINT_FORM_TITLES[kind]}，不是${PRINT_FORM_TITLES[t.form]}`);
      return { form: t.form, data: data as FormData[PrintForm] };
    }
    switch (t.form) {
      case 'postUseSlip':
        return { form: t.form, data: postUseSlipData(source!, t.number, a) };
      case 'enrollmentNotice':
        return { form: t.form, data: enrollmentNoticeData(source!, t.number, a) };
      case 'departureNotice':
        return { form: t.form, data: departureNoticeData(source!, t.number, a) };
      case 'registrationSheet':
        return { form: t.form, data: registrationSheetData(source!, t.unitId, a.today) };
      case 'verificationReport':
        return { form: t.form, data: verificationReportData(source!, t.unitId, a.today) };
      case 'certificateExtract':
        return { form: t.form, data: certificateExtractData(source!, t.unitId, a.today, t.copies ?? 2) };
      case 'publicityNotice':
        return { form: t.form, data: publicityNoticeData(source!, t.unitId, a.today, t) };
    }
  }

  function printedBefore(form: PrintForm, number: string | null): boolean {
    // Only numbered forms have an identity to reprint; a unit's sheet is new each time it is printed.
    if (!number || !opts.store) return false;
    return opts.store.local.listPrints(form, number).length > 0;
  }

  function prepare(t: PrintTarget, o: { reprint?: boolean } = {}): PreparedPrint {
    const { form, data } = dataFor(t);
    const number = numberOf(t);
    const printedOn = today();
    const reprint = o.reprint ?? printedBefore(form, number);
    const doc = formDoc(form, data, { printedOn });
    return {
      form,
      label: PRINT_FORM_TITLES[form],
      number,
      title: doc.title,
      html: documentHtml(doc, { printedOn, reprint }),
      reprint,
      printedOn,
      draft: Boolean(doc.draft),
      doc,
    };
  }

  function record(p: PreparedPrint, o: PrintOptions): PrintRecord | null {
    const copies = o.copies ?? 1;
    if (!Number.isInteger(copies) || copies < 1 || copies > 99) throw new RangeError(`打印份数应为 1–99 的整数，填写的是 ${copies}`);
    if (!opts.store) return null;
    const rec = opts.store.local.logPrint({ printedBy: o.printedBy, formKind: p.form, formNumber: p.number, copies, reprint: p.reprint });
    opts.log?.info({ form: p.form, number: p.number, copies, reprint: p.reprint, draft: p.draft }, 'form printed');
    return rec;
  }

  async function print(t: PrintTarget, o: PrintOptions): Promise<PrintResult> {
    const prepared = prepare(t, { reprint: o.reprint });
    const started = Date.now();
    const pdf = await renderer.pdf(prepared.html);
    opts.log?.debug({ form: prepared.form, ms: Date.now() - started, bytes: pdf.length }, 'pdf rendered');
    return { pdf, prepared, record: record(prepared, o) };
  }

  return {
    prepare,
    renderHtml(form, data, o = {}) {
      return renderForm(form, data, { printedOn: o.printedOn ?? today(), reprint: o.reprint ?? false });
    },
    toPdf: (html) => renderer.pdf(html),
    record,
    print,
    reprint: (t, o) => print(t, { ...o, reprint: true }),
    async printBatch(targets, o) {
      if (targets.length === 0) throw new PrintDataError('批量打印：没有选中任何表单');
      const items = targets.map((t) => prepare(t, { reprint: o.reprint }));
      const forms = new Set(items.map((i) => i.form));
      if (forms.size > 1) throw new PrintDataError('批量打印一次只能打印同一种表单；请按表单种类分别打印');
      if (items.some((i) => i.draft)) throw new PrintDataError('草稿不能批量打印；请逐份预览');
      const html = documentHtml(
        items.map((i) => i.doc),
        { printedOn: today(), reprint: items.map((i) => i.reprint) },
      );
      const pdf = await renderer.pdf(html);
      const records = items.map((i) => record(i, o)).filter((r): r is PrintRecord => r !== null);
      return { pdf, items, records };
    },
    noticesOfMonth(unitId, month, kind) {
      if (!/^\d{4}-\d{2}$/.test(month)) throw new PrintDataError(`月份“${month}”格式应为 YYYY-MM`);
      return source
        .notices(unitId)
        .filter((n) => n.kind === kind && n.issuedOn.startsWith(month))
        .sort((a, b) => a.issuedOn.localeCompare(b.issuedOn) || a.number.localeCompare(b.number))
        .map((n) => n.number);
    },
    history(t) {
      if (!opts.store) return [];
      return opts.store.local.listPrints(t.form, numberOf(t));
    },
    warm: () => renderer.warm(),
    async close() {
      if (ownRenderer) await renderer.close();
    },
  };
}
