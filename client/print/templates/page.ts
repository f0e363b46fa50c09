/**
 * The document shell every form shares: A4 in millimetres, the embedded serif font, official-document
 * typography (title in the bold serif standing in for 小标宋, body 12 pt), and the marks a form can
 * carry — 草稿 watermark on every page, 补打 with its date, the print footer with page numbers.
 */
import { fontFaceCss, PRINT_ASSET_ORIGIN } from '../assets';
import { cnDate, html, raw, type Html } from './html';

/** One form's document: its body and the page setup it needs. */
export interface FormDoc {
  title: string;
  body: Html;
  orientation?: 'portrait' | 'landscape';
  /** Not issued: 草稿 watermark on every page, and a note in the top margin. */
  draft?: boolean;
  /** Left footer text; page numbers are always on the right. */
  footer?: string;
  /** Margins in mm: top right bottom left. */
  margins?: [number, number, number, number];
  extraCss?: string;
}

export interface DocContext {
  /** Date of this print (YYYY-MM-DD), shown in the footer and beside 补打. */
  printedOn: string;
  /** 补打 marks: one flag for a single document, or one per document of a batch. */
  reprint?: boolean | readonly boolean[];
  assetBase?: string;
}

const BASE_CSS = `
:root { --ink: #000; --rule: 0.3mm solid #000; --seal: #d01c1f; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: 'Noto Serif SC', serif; font-size: 12pt; line-height: 1.5; color: var(--ink);
  -webkit-print-color-adjust: exact; print-color-adjust: exact; font-kerning: none; }
h1.title { font-weight: 700; font-size: 22pt; line-height: 1.25; text-align: center; letter-spacing: 0.08em;
  margin: 0 0 5mm; }
h1.title.long { font-size: 18pt; letter-spacing: 0.02em; }
.subtitle { text-align: center; font-size: 12pt; margin: -2mm 0 4mm; }
.numline { display: flex; justify-content: space-between; align-items: baseline; font-size: 11pt; margin: 0 0 2mm; }
.numline .no { font-weight: 700; }
table.form { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.form td, table.form th { border: var(--rule); padding: 1.2mm 1.8mm; vertical-align: middle; font-weight: 400;
  word-break: break-all; overflow-wrap: anywhere; }
table.form th { text-align: center; letter-spacing: 0.05em; }
table.form td.c { text-align: center; }
table.form tr { height: 8.2mm; }
table.form td.big { height: 30mm; vertical-align: top; }
table.form th.vert { writing-mode: vertical-rl; letter-spacing: 0.3em; padding: 2mm 0; }
.blank { display: inline-block; min-width: 9mm; border-bottom: 0.25mm solid #000; height: 1em; vertical-align: -0.15em; }
.fig { text-decoration: underline; text-underline-offset: 0.6mm; padding: 0 1mm; }
.para { text-indent: 2em; margin: 0 0 1.5mm; text-align: justify; line-height: 1.75; }
.right { text-align: right; }
.small { font-size: 9.5pt; }
.note { font-size: 9.5pt; line-height: 1.5; margin-top: 2.5mm; }
.note ol { margin: 0; padding-left: 5.5mm; }
.sign-area { position: relative; }
.seal-box { position: absolute; pointer-events: none; }
.seal-box svg { display: block; opacity: 0.9; mix-blend-mode: multiply; }
.qr-block { display: flex; gap: 3mm; align-items: center; font-size: 8.5pt; line-height: 1.45; }
.qr-block svg { flex: none; }
.qr-block .qrtext { word-break: break-all; }
.mono { font-variant-numeric: tabular-nums; letter-spacing: 0; word-break: break-all; }
.watermark { position: fixed; left: 0; top: 0; width: 100%; height: 100%; display: flex; align-items: center;
  justify-content: center; pointer-events: none; z-index: 10; }
.watermark span { transform: rotate(-32deg); font-size: 120pt; font-weight: 700; color: rgba(208, 28, 31, 0.16);
  letter-spacing: 0.4em; white-space: nowrap; }
.page { position: relative; }
.font-preload { position: absolute; width: 0; height: 0; overflow: hidden; }
.page + .page { break-before: page; }
.keep { break-inside: avoid; }
`;

function pageCss(d: FormDoc, ctx: DocContext): string {
  const [t, r, b, l] = d.margins ?? [18, 18, 16, 20];
  const font = `font-family: 'Noto Serif SC', serif;`;
  const footerLeft = JSON.stringify(`${d.footer ?? '电子编制管理证打印'} · 打印日期 ${cnDate(ctx.printedOn)}`);
  return `
@page { size: A4 ${d.orientation ?? 'portrait'}; margin: ${t}mm ${r}mm ${b}mm ${l}mm;
  @bottom-left { content: ${footerLeft}; ${font} font-size: 8pt; color: #444; vertical-align: top; padding-top: 3mm; }
  @bottom-right { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; ${font} font-size: 8pt; color: #444; vertical-align: top; padding-top: 3mm; }
}
@page ebz-reprint {
  @top-right { content: ${JSON.stringify(`补打 ${cnDate(ctx.printedOn)}`)}; ${font} font-size: 11pt; font-weight: 700; letter-spacing: 0.1em; vertical-align: bottom; padding-bottom: 3mm; }
}
@page ebz-draft {
  @top-left { content: "草稿 · 未经编办核准，不作为办理依据"; ${font} font-size: 9pt; color: #d01c1f; vertical-align: bottom; padding-bottom: 3mm; }
}
.doc.reprint { page: ebz-reprint; }
.doc.draft { page: ebz-draft; }
.doc + .doc { break-before: page; }`;
}

/**
 * The printable document. Several docs make a batch (every notice of a month): they must be the same
 * form, since a document has one page setup; each starts on a new page and carries its own marks.
 */
export function documentHtml(docs: FormDoc | readonly FormDoc[], ctx: DocContext): string {
  const list = Array.isArray(docs) ? (docs as readonly FormDoc[]) : [docs as FormDoc];
  const first = list[0];
  if (!first) throw new Error('没有要打印的表单');
  const reprint = (i: number) => (Array.isArray(ctx.reprint) ? Boolean(ctx.reprint[i]) : Boolean(ctx.reprint));
  const title = list.length === 1 ? first.title : `${first.title} 等 ${list.length} 份`;
  // Margin boxes are laid out only when printing, after the page's fonts have loaded; a glyph only
  // they use (e.g. bold 补) would be missing. Setting their texts once in the page loads those chunks.
  const preload = html`<div class="font-preload" aria-hidden="true"><b>补打 ${cnDate(ctx.printedOn)}</b><span>草稿 · 未经编办核准，不作为办理依据 第 0123456789 页 共 页 ${list.map((d) => d.footer ?? '电子编制管理证打印')} · 打印日期</span></div>`;
  const bodies = list.map(
    (d, i) =>
      html`<div class="doc${d.draft ? ' draft' : ''}${reprint(i) ? ' reprint' : ''}">${d.draft ? raw('<div class="watermark"><span>草稿</span></div>') : ''}${d.body}</div>`,
  );
  return html`<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>
<style id="ebz-fonts">${raw(fontFaceCss(ctx.assetBase ?? PRINT_ASSET_ORIGIN))}</style>
<style id="ebz-form">${raw(BASE_CSS)}${raw(pageCss(first, ctx))}${raw(first.extraCss ?? '')}</style>
</head><body>
${preload}
${bodies}
</body></html>`.text;
}
