/**
 * 《机构编制实名制信息登记表》: the unit's full real-name record for publicity and signature. Landscape
 * A4; the staff list runs over as many pages as it needs, its header row repeated on each. ID numbers
 * are masked: the sheet is posted in public.
 */
import type { StaffMember } from '../../../domain/model';
import { EDUCATION_LABELS, SEX_LABELS } from '../../../domain/model';
import { LEADER_KINDS } from '../../../domain/posts';
import { maskIdNumber } from '../../../domain/validation/id-number';
import { cnDate, html } from '../templates/html';
import type { FormDoc } from '../templates/page';
import { FACTS_CSS, identityRows, leaderTable, postTable, SHORT_POST_LABELS, type UnitFacts } from './unit-facts';
import type { RenderContext } from './types';
import { PRINT_FORM_TITLES } from '../../../domain/forms/printable-forms';

const TITLE = PRINT_FORM_TITLES.registrationSheet;

export interface RegistrationSheetData extends UnitFacts {
  staff: StaffMember[];
  /** Shown as drafts until the publicity period is over and the unit head has signed. */
  draft?: boolean;
}

const dotted = (iso: string, len: 7 | 10) => iso.slice(0, len).replaceAll('-', '.');

/** Leaders first in quota order, then everyone else by division and enrolment date. */
function staffOrder(staff: readonly StaffMember[], divisionOrder: ReadonlyMap<string, number>): StaffMember[] {
  const rank = (s: StaffMember) => (s.leaderKind ? LEADER_KINDS.indexOf(s.leaderKind) : LEADER_KINDS.length);
  const div = (s: StaffMember) => (s.divisionId ? (divisionOrder.get(s.divisionId) ?? 999) : -1);
  return [...staff].sort((a, b) => rank(a) - rank(b) || div(a) - div(b) || a.enrolledOn.localeCompare(b.enrolledOn) || a.name.localeCompare(b.name, 'zh-CN'));
}

const CSS = `
${FACTS_CSS}
table.staff { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 8.5pt; line-height: 1.25; }
table.staff th, table.staff td { border: 0.25mm solid #000; padding: 0.6mm 0.6mm; text-align: center; word-break: break-all; }
table.staff thead th { font-weight: 700; background: #f2f2f2; }
table.staff thead { display: table-header-group; }
table.staff tr { break-inside: avoid; height: 6.6mm; }
table.staff td.l { text-align: left; }
.list-title { display: flex; justify-content: space-between; align-items: baseline; }
`;

export function registrationSheetDoc(d: RegistrationSheetData, _ctx: RenderContext): FormDoc {
  const divisionName = new Map(d.divisions.map((x) => [x.id, x.name]));
  const order = new Map(d.divisions.map((x, i) => [x.id, i]));
  const staff = staffOrder(d.staff, order);
  const body = html`
<h1 class="title">${TITLE}</h1>
<div class="sheet-head"><span>填报单位（盖章）：${d.unit.name}</span><span>数据截至：${cnDate(d.asOf)}</span></div>
<h2 class="section" style="margin-top: 0">一、机构基本情况</h2>
<table class="form grid">
  <colgroup><col style="width: 10%"><col style="width: 15%"><col style="width: 10%"><col style="width: 15%"><col style="width: 10%"><col style="width: 15%"><col style="width: 10%"><col style="width: 15%"></colgroup>
  ${identityRows(d, { columns: 8 })}
</table>
<h2 class="section">二、编制和领导职数</h2>
<div class="stack keep">
  ${postTable(d.summary)}
  ${leaderTable(d.summary)}
  <p style="margin: 1.5mm 0 0">编外人员：${d.offEstablishment} 人。</p>
</div>
<div class="list-title"><h2 class="section">三、实有人员名单</h2><span>在编 ${staff.length} 人</span></div>
<table class="staff">
  <colgroup>
    <col style="width: 9mm"><col style="width: 16mm"><col style="width: 9mm"><col style="width: 15mm"><col style="width: 13mm">
    <col style="width: 18mm"><col style="width: 16mm"><col style="width: 31mm"><col style="width: 24mm"><col style="width: 26mm">
    <col style="width: 25mm"><col style="width: 21mm"><col style="width: 18mm"><col>
  </colgroup>
  <thead><tr><th>序号</th><th>姓名</th><th>性别</th><th>出生年月</th><th>民族</th><th>学历</th><th>政治面貌</th><th>身份证号</th><th>内设机构</th><th>职务</th><th>职级</th><th>编制类型</th><th>入编时间</th><th>本人签字</th></tr></thead>
  <tbody>
  ${staff.map(
    (s, i) =>
      html`<tr><td>${i + 1}</td><td>${s.name}</td><td>${SEX_LABELS[s.sex]}</td><td>${dotted(s.birthDate, 7)}</td><td>${s.ethnicity}</td><td>${EDUCATION_LABELS[s.education]}</td><td>${s.politicalStatus}</td><td class="mono">${maskIdNumber(s.idNumber)}</td><td>${s.divisionId ? (divisionName.get(s.divisionId) ?? '') : ''}</td><td>${s.position}</td><td>${s.positionLevel}</td><td>${SHORT_POST_LABELS[s.postKey]}</td><td>${dotted(s.enrolledOn, 10)}</td><td></td></tr>`,
  )}
  </tbody>
</table>
<div class="keep">
  <div class="signs"><span>单位主要负责人（签字）：＿＿＿＿＿＿</span><span>填表人：＿＿＿＿＿＿</span><span>联系电话：＿＿＿＿＿＿</span><span>填报日期：\u3000\u3000年\u3000\u3000月\u3000\u3000日</span></div>
  <div class="stamp-boxes">
    <div>组织部门审核意见<span>（盖章）<br>\u3000\u3000年\u3000\u3000月\u3000\u3000日</span></div>
    <div>人力资源社会保障部门审核意见<span>（盖章）<br>\u3000\u3000年\u3000\u3000月\u3000\u3000日</span></div>
    <div>财政部门审核意见<span>（盖章）<br>\u3000\u3000年\u3000\u3000月\u3000\u3000日</span></div>
    <div>公安部门审核意见<span>（盖章）<br>\u3000\u3000年\u3000\u3000月\u3000\u3000日</span></div>
  </div>
</div>`;
  return {
    title: `${TITLE} ${d.unit.name}`,
    body,
    orientation: 'landscape',
    margins: [14, 15, 14, 15],
    footer: `${d.unit.name} ${TITLE}`,
    draft: d.draft ?? false,
    extraCss: CSS,
  };
}
