/**
 * The print centre's channels over client/print's PrintService: what can be printed (from the
 * replica), preview HTML, PDF, and recording a print made through a print dialog. The service keeps
 * the print log and decides 补打; this file only maps the contract onto it.
 */
import type { Store } from '../db/index';
import type { ClientApiHandlers } from '../domain/contract/channels';
import { ApiError } from '../domain/contract/errors';
import type { PrinterView } from '../domain/contract/photo-print-views';
import type { Printable, PrintFormKind } from '../domain/contract/views';
import { isFormKind, PRINT_FORM_TITLES, PRINT_FORMS } from '../domain/forms/printable-forms';
import { POST_KEY_LABELS } from '../domain/posts';
import { PRINT_ASSET_ORIGIN, type PrintService, type PrintTarget } from './print/index';

/** Where the host serves the print module's fonts, so previews use the same typeface as paper. */
export const PRINT_ASSET_PREFIX = '/print-assets';

/** The unit's own sheets (no form number), listed after the issued forms. */
const SHEETS = PRINT_FORMS.filter((f) => !isFormKind(f));

/**
 * What the Electron host adds (electron/native-print.ts): the system's printers, printing a document
 * with a chosen printer and copies, and save-as-PDF through a dialog. Browser mode has none and prints
 * through the page's own print dialog. `html` refers to the print fonts under PRINT_ASSET_PREFIX.
 */
export interface NativePrinter {
  printers(): Promise<PrinterView[]>;
  /** Resolves once the job is handed to the printer; rejects with a Chinese message (cancelled, failed). */
  print(html: string, o: { title: string; deviceName: string | null; copies: number; silent: boolean }): Promise<void>;
  /** The path written, or null when the officer cancelled the dialog. */
  savePdf(html: string, o: { title: string; defaultFileName: string }): Promise<string | null>;
}

interface PrintDeps {
  store: Store;
  unitId: () => string;
  holder: () => string;
  onPrinted: () => void;
  native?: NativePrinter | null;
}

type PrintChannels = Pick<
  ClientApiHandlers,
  'print:list' | 'print:preview' | 'print:pdf' | 'print:record' | 'print:log' | 'print:batch' | 'print:printers' | 'print:toPrinter' | 'print:savePdf'
>;

const BROWSER_ONLY = '浏览器模式下不能直接选择打印机：请点“预览”后用“打印”（浏览器的打印对话框），或点“另存为PDF”';

/** The print HTML with its font origin rewritten to the host's asset path (same document as the preview). */
const hostHtml = (html: string) => html.split(PRINT_ASSET_ORIGIN).join(PRINT_ASSET_PREFIX);
const pdfName = (title: string, number: string | null) => `${title}${number ? `-${number}` : ''}.pdf`.replace(/[\\/:*?"<>|]/g, '_');

function targetOf(form: PrintFormKind, number: string | null, unitId: string): PrintTarget {
  if (isFormKind(form)) {
    if (!number) throw new ApiError('VALIDATION', `打印${PRINT_FORM_TITLES[form]}需要表单编号`, 'number');
    return { form, number };
  }
  return { form, unitId };
}

function printError(e: unknown): never {
  if (e instanceof ApiError) throw e;
  const msg = e instanceof Error ? e.message : String(e);
  throw new ApiError(/不存在|没有|找不到/.test(msg) ? 'NOT_FOUND' : 'INTERNAL', msg);
}

export function printHandlers(service: () => PrintService | null, d: PrintDeps): PrintChannels {
  const need = (): PrintService => {
    const s = service();
    if (!s) throw new ApiError('INTERNAL', '打印模块未启用，暂时不能预览和打印表单');
    return s;
  };
  const times = (form: PrintFormKind, number: string | null): number => {
    const s = service();
    if (!s) return 0;
    try {
      return s.history(targetOf(form, number, d.unitId())).length;
    } catch {
      return 0;
    }
  };

  return {
    'print:list': async () => {
      const unitId = d.unitId();
      const out: Printable[] = [];
      for (const slip of d.store.slips.listByUnit(unitId)) {
        out.push({
          formKind: 'postUseSlip',
          number: slip.number,
          title: `${PRINT_FORM_TITLES.postUseSlip}（${POST_KEY_LABELS[slip.postKey]} ${slip.count} 名）`,
          issuedOn: slip.issuedOn,
          printedTimes: times('postUseSlip', slip.number),
        });
      }
      for (const n of d.store.slips.listNoticesByUnit(unitId)) {
        const person = d.store.staff.get(n.staffId)?.name ?? d.store.staff.getDeparted(n.staffId)?.name ?? '';
        out.push({ formKind: n.kind, number: n.number, title: `${PRINT_FORM_TITLES[n.kind]}（${person}）`, issuedOn: n.issuedOn, printedTimes: times(n.kind, n.number) });
      }
      out.sort((a, b) => ((a.issuedOn ?? '') < (b.issuedOn ?? '') ? 1 : -1));
      for (const form of SHEETS) out.push({ formKind: form, number: null, title: PRINT_FORM_TITLES[form], issuedOn: null, printedTimes: times(form, null) });
      return out;
    },
    'print:preview': async ({ formKind, number }) => {
      try {
        const p = need().prepare(targetOf(formKind, number, d.unitId()));
        return { html: hostHtml(p.html), title: p.title, reprint: p.reprint };
      } catch (e) {
        printError(e);
      }
    },
    'print:pdf': async ({ formKind, number, copies }) => {
      try {
        const r = await need().print(targetOf(formKind, number, d.unitId()), { printedBy: d.holder() || '本单位', copies: copies ?? 1 });
        d.onPrinted();
        return { fileName: pdfName(r.prepared.title, number), mime: 'application/pdf', base64: r.pdf.toString('base64'), rows: 1 };
      } catch (e) {
        printError(e);
      }
    },
    'print:record': async ({ formKind, number, copies }) => {
      try {
        const s = need();
        const rec = s.record(s.prepare(targetOf(formKind, number, d.unitId())), { printedBy: d.holder() || '本单位', copies });
        if (!rec) throw new ApiError('INTERNAL', '打印记录未能写入本地库');
        d.onPrinted();
        return rec;
      } catch (e) {
        printError(e);
      }
    },
    'print:log': async () => d.store.local.recentPrints(200),

    'print:batch': async ({ month, kind }) => {
      try {
        const s = need();
        const numbers = s.noticesOfMonth(d.unitId(), month, kind);
        if (numbers.length === 0) throw new ApiError('NOT_FOUND', `${month.replace('-', '年')}月本单位没有签发${PRINT_FORM_TITLES[kind]}，无可批量打印`, 'month');
        const r = await s.printBatch(
          numbers.map((number) => ({ form: kind, number })),
          { printedBy: d.holder() || '本单位', copies: 1 },
        );
        d.onPrinted();
        return { fileName: `${PRINT_FORM_TITLES[kind]}（${month}，${numbers.length} 份）.pdf`, mime: 'application/pdf', base64: r.pdf.toString('base64'), rows: numbers.length };
      } catch (e) {
        printError(e);
      }
    },
    'print:printers': async () => (d.native ? { native: true, printers: await d.native.printers() } : { native: false, printers: [] }),
    'print:toPrinter': async ({ formKind, number, deviceName, copies, silent }) => {
      if (!d.native) throw new ApiError('CONFLICT', BROWSER_ONLY);
      try {
        const s = need();
        const p = s.prepare(targetOf(formKind, number, d.unitId()));
        await d.native.print(hostHtml(p.html), { title: p.title, deviceName, copies, silent });
        // Logged only once the job was handed over: a cancelled dialog is not a print.
        const rec = s.record(p, { printedBy: d.holder() || '本单位', copies });
        if (!rec) throw new ApiError('INTERNAL', '打印记录未能写入本地库');
        d.onPrinted();
        return rec;
      } catch (e) {
        printError(e);
      }
    },
    'print:savePdf': async ({ formKind, number }) => {
      if (!d.native) throw new ApiError('CONFLICT', BROWSER_ONLY);
      try {
        const s = need();
        const p = s.prepare(targetOf(formKind, number, d.unitId()));
        const path = await d.native.savePdf(hostHtml(p.html), { title: p.title, defaultFileName: pdfName(p.title, number) });
        if (path) {
          s.record(p, { printedBy: d.holder() || '本单位', copies: 1 });
          d.onPrinted();
        }
        return { saved: path !== null, path };
      } catch (e) {
        printError(e);
      }
    },
  };
}
