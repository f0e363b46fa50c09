/**
 * The print centre's channels over client/print's PrintService: what can be printed (from the
 * replica), preview HTML, PDF, and recording a print made through a print dialog. The service keeps
 * the print log and decides 补打; this file only maps the contract onto it.
 */
import type { Store } from '../db/index';
import type { ClientApiHandlers } from '../domain/contract/channels';
import { ApiError } from '../domain/contract/errors';
import type { Printable, PrintFormKind } from '../domain/contract/views';
import { FORM_KIND_LABELS } from '../domain/forms';
import { POST_KEY_LABELS } from '../domain/posts';
import { PRINT_ASSET_ORIGIN, type PrintService, type PrintTarget } from './print/index';

/** Where the host serves the print module's fonts, so previews use the same typeface as paper. */
export const PRINT_ASSET_PREFIX = '/print-assets';

const SHEETS: { form: PrintFormKind; title: string }[] = [
  { form: 'registrationSheet', title: '机构编制实名制信息登记表' },
  { form: 'publicityNotice', title: '机构编制实名制信息公示' },
  { form: 'verificationReport', title: '机构和人员编制核查情况报告' },
  { form: 'certificateExtract', title: '机构编制管理证（摘录）' },
];

interface PrintDeps {
  store: Store;
  unitId: () => string;
  holder: () => string;
  onPrinted: () => void;
}

type PrintChannels = Pick<ClientApiHandlers, 'print:list' | 'print:preview' | 'print:pdf' | 'print:record' | 'print:log'>;

export function targetOf(form: PrintFormKind, number: string | null, unitId: string): PrintTarget {
  switch (form) {
    case 'postUseSlip':
    case 'enrollmentNotice':
    case 'departureNotice':
      if (!number) throw new ApiError('VALIDATION', `打印${FORM_KIND_LABELS[form]}需要表单编号`, 'number');
      return { form, number };
    default:
      return { form, unitId };
  }
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
          title: `${FORM_KIND_LABELS.postUseSlip}（${POST_KEY_LABELS[slip.postKey]} ${slip.count} 名）`,
          issuedOn: slip.issuedOn,
          printedTimes: times('postUseSlip', slip.number),
        });
      }
      for (const n of d.store.slips.listNoticesByUnit(unitId)) {
        const person = d.store.staff.get(n.staffId)?.name ?? d.store.staff.getDeparted(n.staffId)?.name ?? '';
        out.push({ formKind: n.kind, number: n.number, title: `${FORM_KIND_LABELS[n.kind]}（${person}）`, issuedOn: n.issuedOn, printedTimes: times(n.kind, n.number) });
      }
      out.sort((a, b) => ((a.issuedOn ?? '') < (b.issuedOn ?? '') ? 1 : -1));
      for (const s of SHEETS) out.push({ formKind: s.form, number: null, title: s.title, issuedOn: null, printedTimes: times(s.form, null) });
      return out;
    },
    'print:preview': async ({ formKind, number }) => {
      try {
        const p = need().prepare(targetOf(formKind, number, d.unitId()));
        return { html: p.html.split(PRINT_ASSET_ORIGIN).join(PRINT_ASSET_PREFIX), title: p.title, reprint: p.reprint };
      } catch (e) {
        printError(e);
      }
    },
    'print:pdf': async ({ formKind, number, copies }) => {
      try {
        const r = await need().print(targetOf(formKind, number, d.unitId()), { printedBy: d.holder() || '本单位', copies: copies ?? 1 });
        d.onPrinted();
        return { fileName: `${r.prepared.title}${number ? `-${number}` : ''}.pdf`, mime: 'application/pdf', base64: r.pdf.toString('base64'), rows: 1 };
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
  };
}
