/**
 * What every template receives besides its data. The forms themselves (names, titles, which are
 * sealed): domain/forms/printable-forms.ts.
 */
import type { PrintForm } from '../../../domain/forms/printable-forms';

export type { PrintForm };

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
