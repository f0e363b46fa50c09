/** Pieces shared by the issued forms: number line, the bianban's opinion with seal, the QR block. */
import type { IssuedState } from '../forms/types';
import { cnDate, html, type Html } from './html';
import { qrSvg } from './qr';
import { sealSvg } from './seal';

export function numberLine(number: string, issuedOn: string, state: IssuedState): Html {
  const no = state.draft || !number ? '（核准后由编办编号）' : number;
  return html`<div class="numline"><span>编号：<span class="no">${no}</span></span><span>签发日期：${state.draft ? '\u3000\u3000年\u3000\u3000月\u3000\u3000日' : cnDate(issuedOn)}</span></div>`;
}

/**
 * The opinion cell: text, then the office name and date at the bottom right with the seal over them,
 * as a wet seal would sit. Drafts and unsynced seals leave the place empty and say why.
 */
export function opinionCell(o: { text: string; bianbanName: string; issuedOn: string; state: IssuedState; heightMm?: number; colspan?: number }): Html {
  const h = o.heightMm ?? 40;
  const s = o.state;
  const sealMark = s.seal
    ? html`<div class="seal-box" style="right: 8mm; bottom: -9mm">${sealSvg({ name: s.seal.bianbanName, code: s.seal.digest.slice(0, 12) })}</div>`
    : s.draft
      ? html`<div class="seal-note small">（草稿，不盖章）</div>`
      : html`<div class="seal-note small">电子签章尚未同步到本机，本件不能作为办理依据；请同步后重新打印</div>`;
  return html`<td colspan="${o.colspan ?? 5}" style="height: ${h}mm; vertical-align: top; padding: 0">
  <div class="sign-area" style="height: ${h}mm; padding: 2mm 3mm">
    <div class="opinion">${o.text}</div>
    <div style="position: absolute; right: 10mm; bottom: 4mm; text-align: center; line-height: 1.7">
      <div>${o.bianbanName}</div><div>${s.draft ? '\u3000\u3000年\u3000\u3000月\u3000\u3000日' : cnDate(o.issuedOn)}</div>
    </div>
    ${sealMark}
  </div></td>`;
}

/**
 * The notes with the QR code beside them, and under both the digest in full — what a verifier types
 * in when a phone cannot scan the code.
 */
export function notesWithQr(notes: readonly string[], state: IssuedState, number: string): Html {
  const list = html`<div class="note"><b>说明：</b><ol>${notes.map((n) => html`<li>${n}</li>`)}</ol></div>`;
  if (!state.seal) return list;
  return html`<div class="foot keep">
  ${list}
  <div class="qr-side">${qrSvg(state.seal.verifyUrl, 25)}<div>扫码核验真伪</div></div>
</div>
<div class="digest">核验编号：${number}\u3000内容摘要（SHA-256）：<span class="mono">${state.seal.digest}</span></div>`;
}

export const ISSUED_CSS = `
.seal-note { position: absolute; left: 3mm; bottom: 3mm; color: #555; }
.opinion { line-height: 1.8; padding-right: 4mm; }
.lead { margin: 0 0 2mm; }
.slot-title { margin: 3.5mm 0 1.5mm; font-weight: 700; }
table.form tr.slot { height: 6.6mm; }
table.form.slots td, table.form.slots th { padding: 0.6mm 1mm; }
table.form.slots.dense { font-size: 10pt; }
.foot { display: flex; gap: 4mm; align-items: flex-start; margin-top: 2.5mm; }
.foot .note { flex: 1; margin-top: 0; }
.qr-side { flex: none; text-align: center; font-size: 8pt; line-height: 1.3; }
.qr-side svg { display: block; }
.digest { font-size: 8pt; color: #222; margin-top: 1mm; }
`;
