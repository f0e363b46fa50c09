/**
 * The print centre's channels. The forms themselves come from client/print (another module): this
 * file lists what can be printed from the replica, asks the print module for HTML or PDF, and keeps
 * the print log (who, when, which form, copies; a repeat is a 补打).
 */
import type { PrintKind, Store } from '../db/index';
import type { ClientApiHandlers } from '../domain/contract/channels';
import { ApiError } from '../domain/contract/errors';
import type { Printable, PrintFormKind } from '../domain/contract/views';
import { FORM_KIND_LABELS } from '../domain/forms';
import { POST_KEY_LABELS } from '../domain/posts';

export interface PrintRequest {
  form: PrintFormKind;
  number: string | null;
  unitId: string;
  printedOn: string;
  reprint: boolean;
  draft: boolean;
}

/** What the print module offers the print centre. */
export interface PrintPort {
  html(req: PrintRequest): Promise<{ html: string; title: string }>;
  pdf(req: PrintRequest): Promise<{ pdf: Buffer; title: string }>;
}

const SHEETS: { form: PrintFormKind; title: string }[] = [
  { form: 'registrationSheet', title: '机构编制实名制信息登记表' },
  { form: 'publicityNotice', title: '机构编制实名制信息公示' },
  { form: 'verificationReport', title: '机构和人员编制核查情况报告' },
  { form: 'certificateExtract', title: '机构编制管理证（摘录）' },
];

function logKind(form: PrintFormKind): PrintKind {
  return (form === 'publicityNotice' ? 'publicity' : form) as PrintKind;
}

interface PrintDeps {
  store: Store;
  unitId: () => string;
  today: () => string;
  holder: () => string;
  onPrinted: () => void;
}

type PrintChannels = Pick<ClientApiHandlers, 'print:list' | 'print:preview' | 'print:pdf' | 'print:record' | 'print:log'>;

export function printHandlers(port: () => PrintPort | null, d: PrintDeps): PrintChannels {
  const need = (): PrintPort => {
    const p = port();
    if (!p) throw new ApiError('INTERNAL', '打印模块未安装，暂时不能预览和打印表单');
    return p;
  };
  const printedTimes = (form: PrintFormKind, number: string | null) => d.store.local.listPrints(logKind(form), number).length;
  const request = (form: PrintFormKind, number: string | null, draft = false): PrintRequest => ({
    form,
    number,
    unitId: d.unitId(),
    printedOn: d.today(),
    reprint: !draft && printedTimes(form, number) > 0,
    draft,
  });
  const record = (form: PrintFormKind, number: string | null, copies: number) => {
    const rec = d.store.local.logPrint({ printedBy: d.holder() || '本单位', formKind: logKind(form), formNumber: number, copies, reprint: printedTimes(form, number) > 0 });
    d.onPrinted();
    return rec;
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
          printedTimes: printedTimes('postUseSlip', slip.number),
        });
      }
      for (const n of d.store.slips.listNoticesByUnit(unitId)) {
        const person = d.store.staff.get(n.staffId)?.name ?? d.store.staff.getDeparted(n.staffId)?.name ?? '';
        out.push({ formKind: n.kind, number: n.number, title: `${FORM_KIND_LABELS[n.kind]}（${person}）`, issuedOn: n.issuedOn, printedTimes: printedTimes(n.kind, n.number) });
      }
      out.sort((a, b) => ((a.issuedOn ?? '') < (b.issuedOn ?? '') ? 1 : -1));
      for (const s of SHEETS) out.push({ formKind: s.form, number: null, title: s.title, issuedOn: null, printedTimes: printedTimes(s.form, null) });
      return out;
    },
    'print:preview': async ({ formKind, number, draft }) => {
      const req = request(formKind, number, draft === true);
      const r = await need().html(req);
      return { html: r.html, title: r.title, reprint: req.reprint };
    },
    'print:pdf': async ({ formKind, number, copies }) => {
      const req = request(formKind, number);
      const r = await need().pdf(req);
      record(formKind, number, copies ?? 1);
      return { fileName: `${r.title}${number ? `-${number}` : ''}.pdf`, mime: 'application/pdf', base64: r.pdf.toString('base64'), rows: 1 };
    },
    'print:record': async ({ formKind, number, copies }) => record(formKind, number, copies),
    'print:log': async () => d.store.local.recentPrints(200),
  };
}
