/** One template module per form; this maps a form to its data type and its document builder. */
import { documentHtml, type FormDoc } from '../templates/page';
import { certificateExtractDoc, type CertificateExtractData } from './certificate-extract';
import { departureNoticeDoc, type DepartureNoticeData } from './departure-notice';
import { enrollmentNoticeDoc, type EnrollmentNoticeData } from './enrollment-notice';
import { postUseSlipDoc, type PostUseSlipData } from './post-use-slip';
import { publicityNoticeDoc, type PublicityNoticeData } from './publicity-notice';
import { registrationSheetDoc, type RegistrationSheetData } from './registration-sheet';
import type { PrintForm, RenderContext } from './types';
import { verificationReportDoc, type VerificationReportData } from './verification-report';

export interface FormData {
  postUseSlip: PostUseSlipData;
  enrollmentNotice: EnrollmentNoticeData;
  departureNotice: DepartureNoticeData;
  registrationSheet: RegistrationSheetData;
  publicityNotice: PublicityNoticeData;
  verificationReport: VerificationReportData;
  certificateExtract: CertificateExtractData;
}

const BUILDERS: { [F in PrintForm]: (d: FormData[F], ctx: RenderContext) => FormDoc } = {
  postUseSlip: postUseSlipDoc,
  enrollmentNotice: enrollmentNoticeDoc,
  departureNotice: departureNoticeDoc,
  registrationSheet: registrationSheetDoc,
  publicityNotice: publicityNoticeDoc,
  verificationReport: verificationReportDoc,
  certificateExtract: certificateExtractDoc,
};

export function formDoc<F extends PrintForm>(form: F, data: FormData[F], ctx: RenderContext): FormDoc {
  return (BUILDERS[form] as (d: FormData[F], c: RenderContext) => FormDoc)(data, ctx);
}

/** The complete HTML document of one form. */
export function renderForm<F extends PrintForm>(form: F, data: FormData[F], ctx: RenderContext): string {
  return documentHtml(formDoc(form, data, ctx), ctx);
}
