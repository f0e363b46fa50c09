/** The printable forms, their names, and what every template receives besides its data. */
import type { PrintKind } from '../../../db/index';

export const PRINT_FORMS = [
  'postUseSlip',
  'enrollmentNotice',
  'departureNotice',
  'registrationSheet',
  'publicityNotice',
  'verificationReport',
  'certificateExtract',
] as const;
export type PrintForm = (typeof PRINT_FORMS)[number];

export const PRINT_FORM_LABELS: Record<PrintForm, string> = {
  postUseSlip: '机关事业单位编制使用单',
  enrollmentNotice: '机关事业单位入编通知单',
  departureNotice: '机关事业单位出编（核销）通知单',
  registrationSheet: '机构编制实名制信息登记表',
  publicityNotice: '机构编制实名制信息公示',
  verificationReport: '机构和人员编制核查情况报告',
  certificateExtract: '机构编制管理证（摘录）',
};

/** Names on the command line (`ebz print post-use-slip …`). */
export const PRINT_FORM_SLUGS: Record<PrintForm, string> = {
  postUseSlip: 'post-use-slip',
  enrollmentNotice: 'enrollment-notice',
  departureNotice: 'departure-notice',
  registrationSheet: 'registration-sheet',
  publicityNotice: 'publicity-notice',
  verificationReport: 'verification-report',
  certificateExtract: 'certificate-extract',
};

export function formOfSlug(slug: string): PrintForm | null {
  return PRINT_FORMS.find((f) => PRINT_FORM_SLUGS[f] === slug) ?? null;
}

/** Forms the bianban issues with a number and a seal; the others are the unit's own sheets. */
export const ISSUED_FORMS = ['postUseSlip', 'enrollmentNotice', 'departureNotice'] as const satisfies readonly PrintForm[];
export type IssuedPrintForm = (typeof ISSUED_FORMS)[number];
export function isIssuedForm(f: PrintForm): f is IssuedPrintForm {
  return (ISSUED_FORMS as readonly string[]).includes(f);
}

/** The print log's kind for a form (db/local-repository.ts PrintKind). */
export function printLogKind(f: PrintForm): PrintKind {
  return f === 'publicityNotice' ? 'publicity' : f;
}

/** What a template needs besides its data: the print date (and, for the document, marks and fonts). */
export type { DocContext as RenderContext } from '../templates/page';

/** What an issued form shows of its seal. */
export interface SealView {
  bianbanName: string;
  digest: string;
  /** The QR code's text (domain/forms/verification-link.ts). */
  verifyUrl: string;
}

/**
 * An issued form's state on paper: a draft (not yet approved: watermark, no number, no seal), issued
 * with its seal, or issued but the seal has not reached this machine yet (no seal, no QR, said so).
 */
export interface IssuedState {
  draft: boolean;
  seal: SealView | null;
}
