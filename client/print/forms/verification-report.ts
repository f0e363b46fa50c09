/**
 * 机构和人员编制核查情况报告 — seed 001, attachment 3, with every figure the records can give filled
 * in and the problems the alarm rules find listed; what the records cannot know stays a blank line.
 */
import { ALARM_KIND_LABELS } from '../../../domain/alarms';
import type { VerificationFigures } from '../../../domain/forms/verification-figures';
import type { Unit } from '../../../domain/model';
import { cnDate, fig, html, type Html } from '../templates/html';
import type { FormDoc } from '../templates/page';
import type { RenderContext } from './types';
import { PRINT_FORM_TITLES } from '../../../domain/forms/printable-forms';

const TITLE = PRINT_FORM_TITLES.verificationReport;

export interface VerificationReportData {
  /** The department reporting for itself and its subordinate units. */
  unit: Pick<Unit, 'id' | 'name'>;
  unitCount: number;
  figures: VerificationFigures;
  asOf: string;
  reportDate: string;
  /** The documents the report is made under (the province's and city's notices). */
  basis?: string;
}

const DEFAULT_BASIS = '根据机构编制实名制管理和机构编制核查工作的有关要求';

function institutions(c: VerificationFigures['approvedInstitutions']): Html {
  return html`行政机构 ${fig(c.organs)} 家；事业单位 ${fig(c.institutions)} 家（其中：全额拨款 ${fig(c.institutionsFull)} 家；差额拨款 ${fig(c.institutionsPartial)} 家；经费自理 ${fig(c.institutionsSelf)} 家）；派出机构 ${fig(c.agencies)} 家（其中：垂管派出机构 ${fig(null)} 家；政法类派出机构 ${fig(null)} 家；政法类直属机构 ${fig(null)} 家；政法类专门机构 ${fig(null)} 家；政法类事业机构 ${fig(null)} 家）；开发区管理机构 ${fig(c.developmentZones)} 家；街道、乡镇 ${fig(c.streetsTownships)} 家。`;
}

export function verificationReportDoc(d: VerificationReportData, _ctx: RenderContext): FormDoc {
  const f = d.figures;
  const ap = f.approvedPosts;
  const op = f.occupiedPosts;
  const lq = f.leaderQuota;
  const lu = f.leadersInPost;
  const pr = f.problems;
  const other = pr.other;
  const explanations = pr.all;
  const body = html`
<h1 class="title long">${d.unit.name}<br>${TITLE}</h1>
<p class="para">${d.basis ?? DEFAULT_BASIS}，${d.unitCount > 1 ? `我部门对本部门及所属 ${d.unitCount - 1} 个单位` : '我单位对本单位'}组织实施了机构和人员编制核查工作，核查数据截至${cnDate(d.asOf)}。现将有关情况报告如下。</p>
<h2 class="h">一、机构和人员编制具体情况</h2>
<h3 class="h">（一）批准机构和实际设置情况</h3>
<p class="para">1. 批准机构情况：${institutions(f.approvedInstitutions)}</p>
<p class="para">2. 实际设置情况：${institutions(f.actualInstitutions)}</p>
<h3 class="h">（二）核定编制和实有人员情况</h3>
<p class="para">1. 核定编制情况：行政编制 ${fig(ap.administrative)} 名（其中：政法专项编制 ${fig(ap.politicoLegal)} 名）；事业编制 ${fig(ap.institutional)} 名（其中：全额拨款 ${fig(ap.institutionalFull)} 名；差额拨款 ${fig(ap.institutionalPartial)} 名；经费自理 ${fig(ap.institutionalSelf)} 名）；工勤编制 ${fig(ap.serviceWorker)} 名；机关其他编制 ${fig(ap.organOther)} 名。</p>
<p class="para">2. 实有人员情况：使用行政编制人员 ${fig(op.administrative)} 人（其中：占用政法专项编制人员 ${fig(op.politicoLegal)} 人）；使用事业编制人员 ${fig(op.institutional)} 人（其中：全额拨款 ${fig(op.institutionalFull)} 人；差额拨款 ${fig(op.institutionalPartial)} 人；经费自理 ${fig(op.institutionalSelf)} 人）；使用工勤编制人员 ${fig(op.serviceWorker)} 人；使用机关其他编制人员 ${fig(op.organOther)} 人。</p>
<h3 class="h">（三）领导职数核定和实际配备情况</h3>
<p class="para">1. 领导职数核定情况：部门领导正职 ${fig(lq.unitHead)} 名；部门领导副职 ${fig(lq.unitDeputy)} 名；部门其他领导 ${fig(lq.otherLeader)} 名；内设机构领导 ${fig(lq.division)} 名（其中：县处级领导职数 ${fig(lq.countyLevel)} 名；乡科级领导职数 ${fig(lq.townshipLevel)} 名）。</p>
<p class="para">2. 实际配备情况：部门领导正职 ${fig(lu.unitHead)} 人；部门领导副职 ${fig(lu.unitDeputy)} 人；部门其他领导 ${fig(lu.otherLeader)} 人；内设机构领导 ${fig(lu.division)} 人（其中：县处级领导 ${fig(lu.countyLevel)} 人；乡科级领导 ${fig(lu.townshipLevel)} 人）。</p>
<h3 class="h">（四）非领导职数情况</h3>
<p class="para">1. 核定非领导职数 ${fig(f.nonLeaderQuota.total)} 名（其中：主任科员 ${fig(f.nonLeaderQuota.principal)} 名；副主任科员 ${fig(f.nonLeaderQuota.deputy)} 名）。</p>
<p class="para">2. 实际配备非领导人员 ${fig(f.nonLeaderInPost.total)} 人（其中：主任科员 ${fig(f.nonLeaderInPost.principal)} 人；副主任科员 ${fig(f.nonLeaderInPost.deputy)} 人）。</p>
<h3 class="h">（五）编外人员情况</h3>
<p class="para">编外人员数合计 ${fig(f.offEstablishment)} 人。</p>
<h2 class="h">二、核查中反映的主要问题及处理情况</h2>
<h3 class="h">（一）存在的主要问题</h3>
<p class="para">1. 未经机构编制部门批准擅自设立机构的情况：${fig(null)}。</p>
<p class="para">2. 擅自改变机构设置形式的情况：${fig(null)}。</p>
<p class="para">3. 擅自加挂牌子的问题：${fig(null)}。</p>
<p class="para">4. 擅自变更机构名称的情况：${fig(null)}。</p>
<p class="para">5. 超编 ${fig(pr.overEstablishment)} 人；超职数配备部门领导 ${fig(pr.overUnitLeaders)} 人，超职数配备内设机构领导 ${fig(pr.overDivisionLeaders)} 人。</p>
<p class="para">6. “吃空饷”合计 ${fig(pr.ghostPayroll)} 人。</p>
<p class="para">7. 除上述问题外的其他问题：${other.length ? `系统预警 ${other.length} 项（${summarise(other.map((a) => a.kind))}），详见下文。` : '系统预警未发现其他问题。'}</p>
<h3 class="h">（二）主要问题简要说明及处理情况</h3>
${explanations.length
  ? html`<ol class="problems">${explanations.map((a) => html`<li><b>【${ALARM_KIND_LABELS[a.kind]}】</b>${a.message}。处理意见：${a.advice}。</li>`)}</ol>`
  : html`<p class="para">经电子编制管理证预警规则核查，未发现超编进人、超职数配备、混编混岗、编制使用单逾期、出编登记逾期、超过法定退休年龄未出编和一人多编等问题。</p>`}
<h2 class="h">三、对上报核查信息的承诺</h2>
<p class="para">我部门（单位）上报的核查信息已经单位自查、联合审核、实地核实、公示监督，并进行了汇总。核查信息真实、准确、完整，无虚报、瞒报的情况。</p>
<p class="para">特此报告。</p>
<div class="keep" style="margin-top: 12mm; text-align: right; line-height: 2; padding-right: 8mm">
  <div>${d.unit.name}（盖章）</div>
  <div>${cnDate(d.reportDate)}</div>
</div>`;
  return {
    title: `${d.unit.name}${TITLE}`,
    body,
    margins: [28, 24, 22, 26],
    footer: TITLE,
    extraCss: `
h2.h { font-size: 14pt; font-weight: 700; margin: 3mm 0 1mm; text-indent: 2em; }
h3.h { font-size: 13pt; font-weight: 700; margin: 2mm 0 1mm; text-indent: 2em; }
.para { font-size: 13pt; line-height: 1.85; }
ol.problems { margin: 0 0 2mm; padding-left: 11mm; font-size: 11pt; line-height: 1.7; }
ol.problems li { margin-bottom: 1mm; text-align: justify; }`,
  };
}

function summarise(kinds: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${ALARM_KIND_LABELS[k as keyof typeof ALARM_KIND_LABELS]} ${n} 项`).join('、');
}
