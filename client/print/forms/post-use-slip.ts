/** 《机关事业单位编制使用单》: one A4 page. */
import { SLIP_STATUS_LABELS, type SlipSlot, type SlipStatus } from '../../../domain/forms';
import type { PostUseSlipView } from './views';
import { RECRUIT_CHANNEL_LABELS } from '../../../domain/model';
import { FUNDING_LABELS, POST_KEY_LABELS } from '../../../domain/posts';
import { cnDate, html, type Html } from '../templates/html';
import type { FormDoc } from '../templates/page';
import { ISSUED_CSS, notesWithQr, numberLine, opinionCell } from '../templates/parts';
import type { IssuedState, RenderContext } from './types';
import { PRINT_FORM_TITLES } from '../../../domain/forms/printable-forms';

const TITLE = PRINT_FORM_TITLES.postUseSlip;

export interface PostUseSlipData extends IssuedState {
  content: PostUseSlipView;
  /** 用编序号 as used so far (not sealed: they fill in after issue). */
  slots: SlipSlot[];
  status: SlipStatus;
}

/** Two slots a row, three when there are more than 12, so a slip of up to 30 posts still fits its page. */
function slotTable(d: PostUseSlipData): Html {
  const slots = Array.from({ length: d.content.count }, (_, i) => d.slots.find((s) => s.slotNo === i + 1) ?? { slotNo: i + 1, staffName: null, usedOn: null, staffId: null });
  const perRow = slots.length > 12 ? 3 : 2;
  const w = perRow === 2 ? [13, 20, 17] : [8, 13, 12.3];
  const cols = Array.from({ length: perRow }, () => w.map((x) => html`<col style="width: ${x}%">`));
  const head = Array.from({ length: perRow }, () => html`<th>${perRow === 3 ? '序号' : '用编序号'}</th><th>姓名</th><th>入编日期</th>`);
  const cell = (s: SlipSlot | undefined) =>
    s
      ? html`<td class="c">${String(s.slotNo).padStart(2, '0')}</td><td class="c">${s.staffName ?? ''}</td><td class="c">${s.usedOn ? s.usedOn.replaceAll('-', '.') : s.staffName ? '' : '未使用'}</td>`
      : html`<td></td><td></td><td></td>`;
  const rows: Html[] = [];
  for (let i = 0; i < slots.length; i += perRow) {
    rows.push(html`<tr class="slot">${Array.from({ length: perRow }, (_, j) => cell(slots[i + j]))}</tr>`);
  }
  return html`<table class="form slots${perRow === 3 ? ' dense' : ''}"><colgroup>${cols}</colgroup><tr>${head}</tr>${rows}</table>`;
}

export function postUseSlipDoc(d: PostUseSlipData, ctx: RenderContext): FormDoc {
  const c = d.content;
  const a = c.atApproval;
  const funding = c.fundingForm ? FUNDING_LABELS[c.fundingForm] : '—';
  const opinion = `同意使用${POST_KEY_LABELS[c.postKey]} ${c.count} 名，补充渠道为${RECRUIT_CHANNEL_LABELS[c.recruitChannel]}。${c.opinion ? c.opinion : ''}`;
  const body = html`
<h1 class="title">${TITLE}</h1>
${numberLine(c.number, c.issuedOn, d)}
<table class="form">
  <colgroup><col style="width: 17%"><col style="width: 16.6%"><col style="width: 16.6%"><col style="width: 16.6%"><col style="width: 16.6%"><col style="width: 16.6%"></colgroup>
  <tr><th>用编单位</th><td colspan="5">${c.unit.name}</td></tr>
  <tr><th>统一社会<br>信用代码</th><td colspan="2" class="c">${c.unit.creditCode}</td><th>主管部门</th><td colspan="2">${c.supervisorName ?? '—'}</td></tr>
  <tr><th>编制类型</th><td colspan="2" class="c">${POST_KEY_LABELS[c.postKey]}</td><th>经费形式</th><td colspan="2" class="c">${funding}</td></tr>
  <tr><th rowspan="2">核准时<br>编制情况</th><th>核定编制数</th><th>实有人数</th><th>已核准待使用</th><th>空编数</th><th>本次核准使用</th></tr>
  <tr><td class="c">${a.approved}</td><td class="c">${a.occupied}</td><td class="c">${a.reserved}</td><td class="c">${a.vacant}</td><td class="c"><b>${c.count}</b> 名</td></tr>
  <tr><th>补充渠道</th><td colspan="2" class="c">${RECRUIT_CHANNEL_LABELS[c.recruitChannel]}</td><th>有效期至</th><td colspan="2" class="c">${cnDate(c.validUntil)}</td></tr>
  <tr><th>编办意见</th>${opinionCell({ text: opinion, bianbanName: c.bianbanName, issuedOn: c.issuedOn, state: d })}</tr>
</table>
<div class="slot-title">用编序号使用情况（截至 ${cnDate(ctx.printedOn)}，本单状态：${SLIP_STATUS_LABELS[d.status]}）</div>
${slotTable(d)}
${notesWithQr(
  [
    `本单有效期至${cnDate(c.validUntil)}，逾期未使用的编制由编办收回；需继续使用的，须重新申请。`,
    '用编单位（主管部门）持本单到组织、人力资源社会保障部门办理考录（聘用）、人才引进、调入等手续。',
    '人员到位后，在电子编制管理证中按用编序号逐人提交入编登记，经编办审核后发放《机关事业单位入编通知单》。',
    '本单加盖编办电子签章，扫描二维码或在编办核验页面输入编号可核验真伪；涂改无效。',
  ],
  d,
  c.number,
)}`;
  return { title: `${TITLE} ${c.number}`, body, draft: d.draft, extraCss: ISSUED_CSS };
}
