/**
 * Excel workbooks of 监督检查 (alarms by kind and unit, with advice) and 统计 (laid out like the
 * statistics tables: a title row, a two-row header — post type over 核定 / 实有 / 空编 — then one row per
 * unit and a 合计 row).
 */
import ExcelJS from 'exceljs';
import { ALARM_KIND_LABELS } from '../../domain/alarms';
import type { JurisdictionStats, Supervision } from '../../domain/contract/reviewer-ledger';
import { UNIT_KIND_LABELS, UNIT_RANK_LABELS, type UnitKind, type UnitRank } from '../../domain/model';
import { FUNDING_LABELS, POST_KEYS, POST_KEY_LABELS, type Funding } from '../../domain/posts';

const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F0FA' } };
const THIN: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };

function title(ws: ExcelJS.Worksheet, text: string, cols: number): void {
  ws.mergeCells(1, 1, 1, cols);
  const c = ws.getCell(1, 1);
  c.value = text;
  c.font = { bold: true, size: 16 };
  c.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 28;
}

export async function supervisionWorkbook(s: Supervision, bianbanName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '电子编制管理证';
  const ws = wb.addWorksheet('预警明细', { views: [{ state: 'frozen', ySplit: 3 }] });
  const heads = ['序号', '预警类别', '单位', '问题', '处理建议'];
  ws.columns = [{ width: 6 }, { width: 16 }, { width: 30 }, { width: 60 }, { width: 60 }];
  title(ws, `${bianbanName}机构编制监督检查预警明细表`, heads.length);
  ws.mergeCells(2, 1, 2, heads.length);
  ws.getCell(2, 1).value = `统计日期：${s.today}  预警 ${s.alarms.length} 条，涉及单位 ${new Set(s.alarms.map((a) => a.unitId)).size} 个（辖区单位 ${s.unitCount} 个）`;
  const h = ws.getRow(3);
  heads.forEach((t, i) => Object.assign(h.getCell(i + 1), { value: t, font: { bold: true }, fill: HEAD_FILL, border: THIN }));
  s.alarms.forEach((a, i) => {
    const r = ws.addRow([i + 1, ALARM_KIND_LABELS[a.kind], a.unitName, a.message, a.advice]);
    r.eachCell((c) => Object.assign(c, { border: THIN, alignment: { wrapText: true, vertical: 'top' } }));
  });
  const sum = wb.addWorksheet('按类别汇总');
  sum.columns = [{ width: 20 }, { width: 10 }, { width: 12 }];
  title(sum, '预警按类别汇总', 3);
  const sh = sum.getRow(2);
  ['预警类别', '条数', '涉及单位'].forEach((t, i) => Object.assign(sh.getCell(i + 1), { value: t, font: { bold: true }, fill: HEAD_FILL, border: THIN }));
  for (const [kind, label] of Object.entries(ALARM_KIND_LABELS)) {
    const list = s.alarms.filter((a) => a.kind === kind);
    if (list.length) sum.addRow([label, list.length, new Set(list.map((a) => a.unitId)).size]).eachCell((c) => (c.border = THIN));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function statsWorkbook(s: JurisdictionStats): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '电子编制管理证';
  const fixed = ['序号', '单位名称', '机构类别', '机构规格', '经费形式'];
  const cols = fixed.length + (POST_KEYS.length + 1) * 3;
  const ws = wb.addWorksheet('编制使用情况', { views: [{ state: 'frozen', xSplit: 2, ySplit: 4 }] });
  ws.columns = [{ width: 6 }, { width: 32 }, { width: 14 }, { width: 10 }, { width: 10 }, ...Array.from({ length: cols - fixed.length }, () => ({ width: 7 }))];
  title(ws, `${s.bianbanName}辖区机构编制统计表`, cols);
  ws.mergeCells(2, 1, 2, cols);
  ws.getCell(2, 1).value = `统计日期：${s.today}  单位：个、名`;
  const groups = [...POST_KEYS.map((k) => POST_KEY_LABELS[k]), '合计'];
  const r3 = ws.getRow(3);
  const r4 = ws.getRow(4);
  fixed.forEach((t, i) => {
    ws.mergeCells(3, i + 1, 4, i + 1);
    Object.assign(r3.getCell(i + 1), { value: t });
  });
  groups.forEach((g, gi) => {
    const c0 = fixed.length + 1 + gi * 3;
    ws.mergeCells(3, c0, 3, c0 + 2);
    r3.getCell(c0).value = g;
    ['核定', '实有', '空编'].forEach((t, j) => (r4.getCell(c0 + j).value = t));
  });
  for (const r of [r3, r4]) {
    r.height = r === r3 ? 36 : 18;
    for (let c = 1; c <= cols; c++) Object.assign(r.getCell(c), { font: { bold: true }, fill: HEAD_FILL, border: THIN, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } });
  }
  const totals = POST_KEYS.map(() => [0, 0, 0]);
  s.units.forEach((u, i) => {
    const figures: number[] = [];
    const all = [0, 0, 0];
    POST_KEYS.forEach((k, ki) => {
      const p = u.posts[k]!;
      figures.push(p.approved, p.occupied, p.vacant);
      all[0]! += p.approved;
      all[1]! += p.occupied;
      all[2]! += p.vacant;
      totals[ki]![0]! += p.approved;
      totals[ki]![1]! += p.occupied;
      totals[ki]![2]! += p.vacant;
    });
    const row = ws.addRow([i + 1, u.unitName, UNIT_KIND_LABELS[u.kind as UnitKind] ?? u.kind, UNIT_RANK_LABELS[u.rank as UnitRank] ?? u.rank, FUNDING_LABELS[u.fundingForm as Funding] ?? u.fundingForm, ...figures, ...all]);
    row.eachCell({ includeEmpty: true }, (c) => (c.border = THIN));
  });
  const grand = totals.reduce((a, t) => [a[0]! + t[0]!, a[1]! + t[1]!, a[2]! + t[2]!], [0, 0, 0]);
  const tr = ws.addRow(['', '合计', '', '', '', ...totals.flat(), ...grand]);
  tr.eachCell({ includeEmpty: true }, (c) => Object.assign(c, { border: THIN, font: { bold: true } }));

  const sheet = (name: string, groupsOf: { label: string; units: number; approved: number; occupied: number; vacant: number }[], head: string) => {
    const g = wb.addWorksheet(name);
    g.columns = [{ width: 24 }, { width: 10 }, { width: 10 }, { width: 10 }, { width: 10 }];
    title(g, `${s.bianbanName}${name}`, 5);
    const h = g.getRow(2);
    [head, '单位数', '核定编制', '实有人数', '空编'].forEach((t, i) => Object.assign(h.getCell(i + 1), { value: t, font: { bold: true }, fill: HEAD_FILL, border: THIN }));
    for (const x of groupsOf) g.addRow([x.label, x.units, x.approved, x.occupied, x.vacant]).eachCell((c) => (c.border = THIN));
  };
  sheet('按编制类型', s.byPostKey, '编制类型');
  sheet('按机构类别', s.byUnitKind, '机构类别');
  sheet('按机构规格', s.byRank, '机构规格');
  sheet('按经费形式', s.byFunding, '经费形式');
  return Buffer.from(await wb.xlsx.writeBuffer());
}
