/**
 * 公示 notice for the registration sheet (seed 001, attachment 2, adapted to the standing real-name
 * publicity): period of at least 5 working days, where to raise objections, a summary of the facts;
 * the registration sheet is its attachment.
 */
import type { Bianban } from '../../../domain/model';
import type { PublicityPeriod } from '../../../domain/forms/publicity-period';
import { cnDate, html } from '../templates/html';
import type { FormDoc } from '../templates/page';
import { FACTS_CSS, leaderTable, postTable, type UnitFacts } from './unit-facts';
import type { RenderContext } from './types';
import { PRINT_FORM_TITLES } from '../../../domain/forms/printable-forms';

const TITLE = PRINT_FORM_TITLES.publicityNotice;

export interface PublicityNoticeData extends UnitFacts {
  bianban: Pick<Bianban, 'name'> | null;
  period: PublicityPeriod;
  staffCount: number;
  /** Where objections go: the unit's HR office and its phone. */
  contact: { department: string; phone: string };
  /** Date printed under the unit's seal line. */
  noticeDate: string;
}

export function publicityNoticeDoc(d: PublicityNoticeData, _ctx: RenderContext): FormDoc {
  const p = d.period;
  const body = html`
<h1 class="title long">${d.unit.name}<br>${TITLE}</h1>
<p class="para">根据机构编制实名制管理有关规定，现将我单位机构、编制、领导职数和实有人员信息予以公示（具体信息见附件）。</p>
<p class="para">公示时间：${cnDate(p.start)}至${cnDate(p.end)}（${p.workingDays} 个工作日）。</p>
<p class="para">公示期间，如对公示信息有异议，可以向本单位${d.contact.department}反映（电话：${d.contact.phone}），也可以向${d.bianban?.name ?? '机构编制部门'}反映（机构编制监督举报电话：12310）。反映问题应实事求是，署真实姓名和联系方式。</p>
<p class="para">公示信息摘要（数据截至${cnDate(d.asOf)}）：在编人员 ${d.staffCount} 人，编外人员 ${d.offEstablishment} 人；内设机构 ${d.divisions.filter((x) => !x.abolished).length} 个，所属事业单位 ${d.subordinates.length} 个。</p>
<div class="stack keep" style="margin: 2mm 0 3mm">
  ${postTable(d.summary, { caption: '编制及使用情况' })}
  ${leaderTable(d.summary, { caption: '领导职数' })}
</div>
<p class="para">附件：${d.unit.name}机构编制实名制信息登记表</p>
<div class="keep" style="margin-top: 14mm; text-align: right; line-height: 2; padding-right: 8mm">
  <div>${d.unit.name}（盖章）</div>
  <div>${cnDate(d.noticeDate)}</div>
</div>`;
  return {
    title: `${d.unit.name}${TITLE}`,
    body,
    margins: [30, 24, 22, 26],
    footer: TITLE,
    extraCss: `${FACTS_CSS}\n.para { font-size: 14pt; line-height: 1.9; }\ntable.form.grid { font-size: 10.5pt; }`,
  };
}
