/**
 * 机构编制管理证（摘录）: the unit's facts, posts, leader quotas, staff counts and recent ledger
 * entries on one page, printed in two copies (one kept by the unit, one handed to the office that
 * asked for it) — the paper extract of the electronic certificate.
 */
import type { LedgerEntry } from '../../../domain/model';
import type { Bianban } from '../../../domain/model';
import { LEADER_KINDS, LEADER_KIND_LABELS, POST_KEYS, type PostKey } from '../../../domain/posts';
import { cnDate, html, type Html } from '../templates/html';
import type { FormDoc } from '../templates/page';
import { FACTS_CSS, identityRows, postTable, SHORT_POST_LABELS, type UnitFacts } from './unit-facts';
import type { RenderContext } from './types';
import { PRINT_FORM_TITLES } from '../../../domain/forms/printable-forms';

const TITLE = PRINT_FORM_TITLES.certificateExtract;

export interface CertificateExtractData extends UnitFacts {
  bianban: Pick<Bianban, 'name'> | null;
  staffCount: number;
  staffBySex: { male: number; female: number };
  leadersInPost: number;
  departedThisYear: number;
  ledger: LedgerEntry[];
  copies: number;
}

const EXTRACT_COPY_LABELS = ['第一联\u3000单位留存', '第二联\u3000报送备查'];
const LEDGER_ROWS = 6;

function deltas(e: LedgerEntry): string {
  const parts: string[] = [];
  for (const k of POST_KEYS) {
    const n = e.postDeltas[k as PostKey];
    if (n) parts.push(`${SHORT_POST_LABELS[k]}${n > 0 ? '+' : ''}${n}`);
  }
  for (const k of LEADER_KINDS) {
    const n = e.leaderDeltas[k];
    if (n) parts.push(`${LEADER_KIND_LABELS[k]}职数${n > 0 ? '+' : ''}${n}`);
  }
  return parts.join('，') || '—';
}

function copy(d: CertificateExtractData, label: string): Html {
  const q = d.summary.leaders.quota;
  const leaderQuota = LEADER_KINDS.map((k) => `${LEADER_KIND_LABELS[k]} ${q[k]}`).join('，');
  const recent = [...d.ledger].sort((a, b) => b.date.localeCompare(a.date)).slice(0, LEDGER_ROWS);
  return html`<section class="page">
<div class="copy-label">${label}</div>
<h1 class="title">${TITLE}</h1>
<div class="sheet-head"><span>发证机关：${d.bianban?.name ?? '—'}</span><span>数据截至：${cnDate(d.asOf)}</span></div>
<table class="form grid">
  <colgroup><col style="width: 17%"><col style="width: 33%"><col style="width: 15%"><col style="width: 35%"></colgroup>
  ${identityRows(d, { functionsLimit: 150, columns: 4 })}
  <tr><th>领导职数</th><td colspan="3">${leaderQuota}（实配 ${d.leadersInPost} 名）</td></tr>
  <tr><th>人员情况</th><td colspan="3">在编 ${d.staffCount} 人（男 ${d.staffBySex.male} 人，女 ${d.staffBySex.female} 人）；编外人员 ${d.offEstablishment} 人；本年度减少人员 ${d.departedThisYear} 人</td></tr>
</table>
<div style="margin-top: 2.5mm">${postTable(d.summary, { caption: '编制情况' })}</div>
<table class="form grid ledger" style="margin-top: 2.5mm">
  <caption>编制台账（最近 ${recent.length} 次批复${d.ledger.length > recent.length ? `，共 ${d.ledger.length} 次` : ''}）</caption>
  <colgroup><col style="width: 27%"><col style="width: 14%"><col style="width: 23%"><col></colgroup>
  <tr><th>文号</th><th>日期</th><th>发文机关</th><th>编制及职数变动</th></tr>
  ${recent.map((e) => html`<tr><td>${e.documentNo}</td><td class="c">${e.date.replaceAll('-', '.')}</td><td>${e.issuer}</td><td>${deltas(e)}</td></tr>`)}
</table>
<p class="small" style="margin-top: 2mm">本摘录由电子编制管理证根据本机数据打印，机构编制事项以编办核准的文件和机构编制实名制管理系统数据为准。</p>
<div class="keep" style="display: flex; justify-content: space-between; margin-top: 5mm; line-height: 2">
  <span>经办人：＿＿＿＿＿＿</span><span>${d.unit.name}（盖章）<br>\u3000\u3000年\u3000\u3000月\u3000\u3000日</span>
</div>
</section>`;
}

export function certificateExtractDoc(d: CertificateExtractData, _ctx: RenderContext): FormDoc {
  const copies = Math.max(1, d.copies);
  const body = html`${Array.from({ length: copies }, (_, i) => copy(d, EXTRACT_COPY_LABELS[i] ?? `第${i + 1}联`))}`;
  return {
    title: `${TITLE} ${d.unit.name}`,
    body,
    margins: [20, 18, 16, 20],
    footer: `${d.unit.name} ${TITLE}`,
    extraCss: `${FACTS_CSS}
table.form.grid { font-size: 10.5pt; }
table.form.grid td, table.form.grid th { padding: 0.8mm 1.4mm; }
table.form.ledger { font-size: 9.5pt; }
.copy-label { text-align: right; font-size: 10pt; margin-bottom: 1mm; }
h1.title { margin-bottom: 3mm; }`,
  };
}
