/** Facts about one unit that several sheets print: who it is, its posts and leader quotas. */
import type { LedgerSummary } from '../../../domain/ledger';
import { UNIT_KIND_LABELS, UNIT_RANK_LABELS, type Division, type Unit } from '../../../domain/model';
import { FUNDING_LABELS, LEADER_KINDS, LEADER_KIND_LABELS, POST_KEYS, POST_KEY_LABELS, type PostKey } from '../../../domain/posts';
import { cnDate, html, type Html } from '../templates/html';

export interface UnitFacts {
  unit: Unit;
  supervisor: Pick<Unit, 'id' | 'name'> | null;
  divisions: Division[];
  subordinates: Pick<Unit, 'id' | 'name'>[];
  summary: LedgerSummary;
  offEstablishment: number;
  /** The replica's date the figures describe. */
  asOf: string;
}

export const SHORT_POST_LABELS: Record<PostKey, string> = {
  administrative: '行政',
  politicoLegal: '政法专项',
  'institutional:full': '事业（全额）',
  'institutional:partial': '事业（差额）',
  'institutional:self': '事业（自理）',
  serviceWorker: '工勤',
  organOther: '机关其他',
};

/** Post kinds worth a row: approved, occupied or reserved somewhere. */
function postRowsOf(s: LedgerSummary): PostKey[] {
  return POST_KEYS.filter((k) => s.approved[k] !== 0 || s.occupied[k] !== 0 || s.reserved[k] !== 0);
}

function sum(keys: readonly PostKey[], c: Record<PostKey, number>): number {
  return keys.reduce((t, k) => t + c[k], 0);
}

export function postTable(s: LedgerSummary, o: { caption?: string } = {}): Html {
  const rows = postRowsOf(s);
  return html`<table class="form grid">
  ${o.caption ? html`<caption>${o.caption}</caption>` : ''}
  <colgroup><col style="width: 28%"><col><col><col><col></colgroup>
  <tr><th>编制类型</th><th>核定编制数</th><th>实有人数</th><th>已核准待使用</th><th>空编数</th></tr>
  ${rows.map((k) => html`<tr><td>${POST_KEY_LABELS[k]}</td><td class="c">${s.approved[k]}</td><td class="c">${s.occupied[k]}</td><td class="c">${s.reserved[k]}</td><td class="c">${s.vacant[k]}</td></tr>`)}
  <tr><th>合\u3000计</th><td class="c">${sum(rows, s.approved)}</td><td class="c">${sum(rows, s.occupied)}</td><td class="c">${sum(rows, s.reserved)}</td><td class="c">${sum(rows, s.vacant)}</td></tr>
</table>`;
}

export function leaderTable(s: LedgerSummary, o: { caption?: string } = {}): Html {
  const q = s.leaders.quota;
  const u = s.leaders.used;
  const total = (c: Record<string, number>) => LEADER_KINDS.reduce((t, k) => t + c[k]!, 0);
  return html`<table class="form grid">
  ${o.caption ? html`<caption>${o.caption}</caption>` : ''}
  <tr><th>领导职数</th>${LEADER_KINDS.map((k) => html`<th>${LEADER_KIND_LABELS[k]}</th>`)}<th>合计</th></tr>
  <tr><th>核定</th>${LEADER_KINDS.map((k) => html`<td class="c">${q[k]}</td>`)}<td class="c">${total(q)}</td></tr>
  <tr><th>实配</th>${LEADER_KINDS.map((k) => html`<td class="c">${u[k]}</td>`)}<td class="c">${total(u)}</td></tr>
</table>`;
}

/**
 * The identity block, as table rows: 8 columns (label, value × 4) for landscape sheets, 4 columns
 * (label, value × 2) for portrait ones. The caller supplies the matching <colgroup>.
 */
export function identityRows(f: UnitFacts, o: { functionsLimit?: number; columns?: 4 | 8 } = {}): Html {
  const u = f.unit;
  const divisions = f.divisions.filter((d) => !d.abolished);
  let functions = u.functions || '—';
  const limit = o.functionsLimit;
  if (limit && Array.from(functions).length > limit) functions = `${Array.from(functions).slice(0, limit).join('')}……（全文见电子编制管理证）`;
  const divisionText = divisions.length ? `${divisions.map((d) => d.name).join('、')}（共 ${divisions.length} 个）` : '无';
  const subText = f.subordinates.length ? `${f.subordinates.map((d) => d.name).join('、')}（共 ${f.subordinates.length} 个）` : '无';
  const sup = f.supervisor ? f.supervisor.name : '—';
  if (o.columns === 4) {
    return html`
  <tr><th>机构名称</th><td colspan="3">${u.name}</td></tr>
  <tr><th>统一社会信用代码</th><td class="c">${u.creditCode}</td><th>主管部门</th><td>${sup}</td></tr>
  <tr><th>机构类别</th><td class="c">${UNIT_KIND_LABELS[u.kind]}</td><th>机构规格</th><td class="c">${UNIT_RANK_LABELS[u.rank]}</td></tr>
  <tr><th>经费形式</th><td class="c">${FUNDING_LABELS[u.fundingForm]}</td><th>设立时间</th><td class="c">${cnDate(u.establishedOn)}</td></tr>
  <tr><th>单位地址</th><td>${u.address || '—'}</td><th>联系电话</th><td class="c">${u.phone || '—'}</td></tr>
  <tr><th>内设机构</th><td colspan="3">${divisionText}</td></tr>
  <tr><th>所属事业单位</th><td colspan="3">${subText}</td></tr>
  <tr><th>主要职责</th><td colspan="3" class="text">${functions}</td></tr>`;
  }
  return html`
  <tr><th>机构名称</th><td colspan="3">${u.name}</td><th>统一社会信用代码</th><td colspan="3">${u.creditCode}</td></tr>
  <tr><th>机构类别</th><td class="c">${UNIT_KIND_LABELS[u.kind]}</td><th>机构规格</th><td class="c">${UNIT_RANK_LABELS[u.rank]}</td><th>经费形式</th><td class="c">${FUNDING_LABELS[u.fundingForm]}</td><th>设立时间</th><td class="c">${cnDate(u.establishedOn)}</td></tr>
  <tr><th>主管部门</th><td colspan="3">${sup}</td><th>联系电话</th><td colspan="3">${u.phone || '—'}</td></tr>
  <tr><th>单位地址</th><td colspan="7">${u.address || '—'}</td></tr>
  <tr><th>内设机构</th><td colspan="7">${divisionText}</td></tr>
  <tr><th>所属事业单位</th><td colspan="7">${subText}</td></tr>
  <tr><th>主要职责</th><td colspan="7" class="text">${functions}</td></tr>`;
}

export const FACTS_CSS = `
table.form caption { caption-side: top; text-align: left; font-weight: 700; padding: 0 0 1mm; }
table.form.grid tr { height: 7mm; }
table.form td.text { text-align: justify; line-height: 1.6; font-size: 10.5pt; }
h2.section { font-size: 13pt; font-weight: 700; margin: 4mm 0 1.5mm; break-after: avoid; }
.stack > * + * { margin-top: 2.5mm; }
.sheet-head { display: flex; justify-content: space-between; font-size: 11pt; margin: 0 0 2mm; }
.signs { display: flex; justify-content: space-between; margin-top: 5mm; line-height: 2.2; }
.stamp-boxes { display: grid; grid-template-columns: repeat(4, 1fr); gap: 0; margin-top: 3mm; }
.stamp-boxes div { border: var(--rule); height: 28mm; padding: 2mm; position: relative; }
.stamp-boxes div + div { border-left: none; }
.stamp-boxes span { position: absolute; right: 3mm; bottom: 2mm; text-align: right; line-height: 1.6; }
`;
