/**
 * The one table of printable forms. Every other list derives from it: the sealed form kinds the
 * server numbers and seals, the contract's enums, the client's print centre and template registry,
 * the print log, the CLI's `ebz print FORM` names and help, the renderer's labels.
 * A form has one code name (`departureNotice`), one Chinese title and one CLI name.
 */

export interface PrintableFormInfo {
  /** The title printed on the form and shown wherever the form is named. */
  title: string;
  /** `ebz print <cli>`; documented in README.md and docs/forms.md. */
  cli: string;
  /** Earlier CLI names still accepted. */
  cliAliases: readonly string[];
  /** Issued by the bianban with a form number and its seal (a sealed form); the others are the unit's own sheets. */
  sealed: boolean;
  /** What a print names: an issued form's number, or the unit (the unit's own sheets). */
  printedFrom: 'formNumber' | 'unit';
  /** Notices: every one a unit received in a month can be printed as one PDF (批量打印). */
  monthlyBatch: boolean;
}

/** In print-centre order: the issued forms, then the unit's own sheets. */
export const PRINTABLE_FORMS = {
  postUseSlip: { title: '机关事业单位编制使用单', cli: 'post-use-slip', cliAliases: [], sealed: true, printedFrom: 'formNumber', monthlyBatch: false },
  enrollmentNotice: { title: '机关事业单位入编通知单', cli: 'enrollment-notice', cliAliases: [], sealed: true, printedFrom: 'formNumber', monthlyBatch: true },
  departureNotice: { title: '机关事业单位出编（核销）通知单', cli: 'departure-notice', cliAliases: [], sealed: true, printedFrom: 'formNumber', monthlyBatch: true },
  registrationSheet: { title: '机构编制实名制信息登记表', cli: 'registration-sheet', cliAliases: [], sealed: false, printedFrom: 'unit', monthlyBatch: false },
  publicityNotice: { title: '机构编制实名制信息公示', cli: 'publicity-notice', cliAliases: [], sealed: false, printedFrom: 'unit', monthlyBatch: false },
  verificationReport: { title: '机构和人员编制核查情况报告', cli: 'verification-report', cliAliases: [], sealed: false, printedFrom: 'unit', monthlyBatch: false },
  certificateExtract: { title: '机构编制管理证（摘录）', cli: 'certificate-extract', cliAliases: [], sealed: false, printedFrom: 'unit', monthlyBatch: false },
} as const satisfies Record<string, PrintableFormInfo>;

type Table = typeof PRINTABLE_FORMS;
export type PrintForm = keyof Table;
/** A sealed form's kind: numbered and sealed by the bianban (server `sealed_forms.kind`, form-number patterns). */
export type FormKind = { [F in PrintForm]: Table[F]['sealed'] extends true ? F : never }[PrintForm];
/** A notice's kind: the sealed forms printed in monthly batches. */
export type NoticeKind = { [F in PrintForm]: Table[F]['monthlyBatch'] extends true ? F : never }[PrintForm];

const info = (f: PrintForm): PrintableFormInfo => PRINTABLE_FORMS[f];

export const PRINT_FORMS = Object.keys(PRINTABLE_FORMS) as PrintForm[];
export const FORM_KINDS = PRINT_FORMS.filter((f) => info(f).sealed) as readonly FormKind[];
export const NOTICE_KINDS = PRINT_FORMS.filter((f) => info(f).monthlyBatch) as readonly NoticeKind[];

/** Every form's title by code name (the renderer's labels, messages, file names). */
export const PRINT_FORM_TITLES = Object.fromEntries(PRINT_FORMS.map((f) => [f, info(f).title])) as Record<PrintForm, string>;

export function isFormKind(f: PrintForm): f is FormKind {
  return info(f).sealed;
}

export function isNoticeKind(f: PrintForm): f is NoticeKind {
  return info(f).monthlyBatch;
}

/** The form a CLI name (or an earlier alias of it) names; null when none does. */
export function formOfCliName(name: string): PrintForm | null {
  return PRINT_FORMS.find((f) => info(f).cli === name || info(f).cliAliases.includes(name)) ?? null;
}
