/**
 * Page count of a PDF Chromium wrote: its page tree root carries /Count N in clear text. Good for
 * messages and the print log; tests use poppler's pdfinfo.
 */
export function pdfPageCount(pdf: Uint8Array): number {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  let max = 0;
  for (const m of text.matchAll(/\/Count (\d+)/g)) max = Math.max(max, Number(m[1]));
  return max;
}
