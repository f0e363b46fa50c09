/** The print service and what callers (Electron main, browser mode, CLI) need around it. */
export { createPrintService, type PrintService, type PrintServiceOptions, type PrintTarget, type PreparedPrint, type PrintOptions, type PrintResult, type BatchResult } from './print-service';
export { PRINTABLE_FORMS, PRINT_FORMS, PRINT_FORM_TITLES, formOfCliName, isFormKind, isNoticeKind, type PrintForm } from '../../domain/forms/printable-forms';
export { documentHtml, type FormDoc } from './templates/page';
export { createPdfRenderer, type PdfRenderer } from './chromium-pdf';
export { PRINT_ASSET_ORIGIN } from './assets';
export { sliceSource, type PrintSource, type SealLookup } from './source';
export { PrintDataError } from './assemble';
export { contentDigest, verifySealOffline, verifyOnline, type Sealer, type SealCheck, type OnlineCheck } from './seal';
export { demoPrintSet, type DemoPrintSet } from './demo';
export { pdfPageCount } from './pdf-info';
