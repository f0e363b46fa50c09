/** 《机关事业单位入编通知单》: one A4 page; the unit takes it to HR and finance for payroll. */
import type { EnrollmentNoticeView } from './views';
import { EDUCATION_LABELS, RECRUIT_CHANNEL_LABELS, SEX_LABELS } from '../../../domain/model';
import { FUNDING_LABELS, POST_KEY_LABELS } from '../../../domain/posts';
import { cnDate, cnYearMonth, html } from '../templates/html';
import type { FormDoc } from '../templates/page';
import { ISSUED_CSS, notesWithQr, numberLine, opinionCell } from '../templates/parts';
import type { IssuedState, RenderContext } from './types';
import { PRINT_FORM_TITLES } from '../../../domain/forms/printable-forms';

const TITLE = PRINT_FORM_TITLES.enrollmentNotice;

export interface EnrollmentNoticeData extends IssuedState {
  content: EnrollmentNoticeView;
}

export function enrollmentNoticeDoc(d: EnrollmentNoticeData, _ctx: RenderContext): FormDoc {
  const c = d.content;
  const p = c.person;
  const slot = c.slotNo === null ? '—' : String(c.slotNo).padStart(2, '0');
  const body = html`
<h1 class="title">${TITLE}</h1>
${numberLine(c.number, c.issuedOn, d)}
<p class="lead">${c.unit.name}：</p>
<p class="para">经审核，同意下列人员使用本单位${POST_KEY_LABELS[c.postKey]}入编。请持本通知单和电子编制管理证到组织（人力资源社会保障）、财政部门办理工资核定、经费拨付等相关手续。</p>
<table class="form">
  <colgroup><col style="width: 16%"><col style="width: 19%"><col style="width: 13%"><col style="width: 16%"><col style="width: 14%"><col style="width: 22%"></colgroup>
  <tr><th>姓\u3000\u3000名</th><td class="c">${p.name}</td><th>性别</th><td class="c">${p.sex ? SEX_LABELS[p.sex] : '—'}</td><th>出生年月</th><td class="c">${p.birthDate ? cnYearMonth(p.birthDate) : '—'}</td></tr>
  <tr><th>身份证号</th><td colspan="3" class="c mono">${p.idNumber}</td><th>学历</th><td class="c">${p.education ? EDUCATION_LABELS[p.education] : '—'}</td></tr>
  <tr><th>入编单位</th><td colspan="5">${c.unit.name}</td></tr>
  <tr><th>统一社会<br>信用代码</th><td colspan="2" class="c">${c.unit.creditCode}</td><th>编制类型</th><td colspan="2" class="c">${POST_KEY_LABELS[c.postKey]}</td></tr>
  <tr><th>经费形式</th><td colspan="2" class="c">${FUNDING_LABELS[c.fundingForm]}</td><th>补充渠道</th><td colspan="2" class="c">${c.recruitChannel ? RECRUIT_CHANNEL_LABELS[c.recruitChannel] : '—'}</td></tr>
  <tr><th>编制使用单<br>编号</th><td colspan="2" class="c">${c.slipNumber ?? '—'}</td><th>用编序号</th><td colspan="2" class="c">${slot}</td></tr>
  <tr><th>入编时间</th><td colspan="5">${cnDate(c.enrolledOn)}</td></tr>
  <tr><th>编办意见</th>${opinionCell({ text: `同意${p.name}同志入编，占用${POST_KEY_LABELS[c.postKey]}，经费形式为${FUNDING_LABELS[c.fundingForm]}。`, bianbanName: c.bianbanName, issuedOn: c.issuedOn, state: d })}</tr>
  <tr><th>组织人社<br>部门意见</th><td colspan="2" style="height: 26mm; vertical-align: bottom; text-align: right">（盖章）<br>\u3000\u3000年\u3000\u3000月\u3000\u3000日</td><th>财政部门<br>意见</th><td colspan="2" style="vertical-align: bottom; text-align: right">（盖章）<br>\u3000\u3000年\u3000\u3000月\u3000\u3000日</td></tr>
</table>
${notesWithQr(
  [
    '本通知单一式三份，用编单位、组织（人力资源社会保障）部门、财政部门各执一份。',
    '未经编办核准入编的人员，组织（人社）部门不予办理录用（聘用）手续，财政部门不予核拨经费。',
    '本通知单加盖编办电子签章，扫描二维码或在编办核验页面输入编号可核验真伪；涂改无效。',
  ],
  d,
  c.number,
)}`;
  return { title: `${TITLE} ${c.number}`, body, draft: d.draft, extraCss: ISSUED_CSS };
}
