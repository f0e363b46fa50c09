/** 出编（核销）通知单: one A4 page; the post is freed and the person moves to departed staff. */
import type { DepartureNoticeView } from './views';
import { DEPARTURE_REASON_LABELS, EDUCATION_LABELS, SEX_LABELS } from '../../../domain/model';
import { POST_KEY_LABELS } from '../../../domain/posts';
import { cnDate, cnYearMonth, html } from '../templates/html';
import type { FormDoc } from '../templates/page';
import { ISSUED_CSS, notesWithQr, numberLine, opinionCell } from '../templates/parts';
import type { IssuedState, RenderContext } from './types';
import { PRINT_FORM_TITLES } from '../../../domain/forms/printable-forms';

const TITLE = PRINT_FORM_TITLES.departureNotice;

export interface DepartureNoticeData extends IssuedState {
  content: DepartureNoticeView;
}

export function departureNoticeDoc(d: DepartureNoticeData, _ctx: RenderContext): FormDoc {
  const c = d.content;
  const p = c.person;
  const reason = DEPARTURE_REASON_LABELS[c.reason];
  const body = html`
<h1 class="title">${TITLE}</h1>
${numberLine(c.number, c.issuedOn, d)}
<p class="lead">${c.unit.name}：</p>
<p class="para">你单位报送的出编登记经审核，同意下列人员因${reason}出编，核销其占用的编制。该人员信息已转入减少人员库。请据此到组织（人力资源社会保障）、财政部门办理工资停发（转移）等相关手续。</p>
<table class="form">
  <colgroup><col style="width: 16%"><col style="width: 19%"><col style="width: 13%"><col style="width: 16%"><col style="width: 14%"><col style="width: 22%"></colgroup>
  <tr><th>姓\u3000\u3000名</th><td class="c">${p.name}</td><th>性别</th><td class="c">${p.sex ? SEX_LABELS[p.sex] : '—'}</td><th>出生年月</th><td class="c">${p.birthDate ? cnYearMonth(p.birthDate) : '—'}</td></tr>
  <tr><th>身份证号</th><td colspan="3" class="c mono">${p.idNumber}</td><th>学历</th><td class="c">${p.education ? EDUCATION_LABELS[p.education] : '—'}</td></tr>
  <tr><th>所在单位</th><td colspan="5">${c.unit.name}</td></tr>
  <tr><th>统一社会<br>信用代码</th><td colspan="5">${c.unit.creditCode}</td></tr>
  <tr><th>出编原因</th><td colspan="2" class="c">${reason}</td><th>出编时间</th><td colspan="2" class="c">${cnDate(c.departedOn)}</td></tr>
  <tr><th>核销编制</th><td colspan="2" class="c">${POST_KEY_LABELS[c.postKey]}</td><th>核销数量</th><td colspan="2" class="c">1 名</td></tr>
  <tr><th>编办意见</th>${opinionCell({ text: `同意${p.name}同志因${reason}出编，核销${POST_KEY_LABELS[c.postKey]} 1 名。`, bianbanName: c.bianbanName, issuedOn: c.issuedOn, state: d })}</tr>
  <tr><th>组织人社<br>部门意见</th><td colspan="2" style="height: 26mm; vertical-align: bottom; text-align: right">（盖章）<br>\u3000\u3000年\u3000\u3000月\u3000\u3000日</td><th>财政部门<br>意见</th><td colspan="2" style="vertical-align: bottom; text-align: right">（盖章）<br>\u3000\u3000年\u3000\u3000月\u3000\u3000日</td></tr>
</table>
${notesWithQr(
  [
    '本通知单一式三份，用编单位、组织（人力资源社会保障）部门、财政部门各执一份。',
    '人员出编须于离开当月月底前登记；核销的编制可按规定重新申请使用。',
    '本通知单加盖编办电子签章，扫描二维码或在编办核验页面输入编号可核验真伪；涂改无效。',
  ],
  d,
  c.number,
)}`;
  return { title: `${TITLE} ${c.number}`, body, draft: d.draft, extraCss: ISSUED_CSS };
}
