/**
 * 实有人员 as an Excel workbook (.xlsx), with Chinese headers and labels — what officers hand to HR or
 * paste into reports. ID numbers are written as text so Excel does not turn them into 1.1E+17.
 */
import ExcelJS from 'exceljs';
import { EDUCATION_LABELS, SEX_LABELS, type StaffMember } from '../domain/model';
import { LEADER_KIND_LABELS, POST_KEY_LABELS } from '../domain/posts';

const COLUMNS: { header: string; width: number; value: (s: StaffMember, names: ExportNames) => string }[] = [
  { header: '姓名', width: 10, value: (s) => s.name },
  { header: '性别', width: 6, value: (s) => SEX_LABELS[s.sex] },
  { header: '身份证号', width: 21, value: (s) => s.idNumber },
  { header: '出生日期', width: 12, value: (s) => s.birthDate },
  { header: '民族', width: 8, value: (s) => s.ethnicity },
  { header: '学历', width: 12, value: (s) => EDUCATION_LABELS[s.education] },
  { header: '政治面貌', width: 10, value: (s) => s.politicalStatus },
  { header: '单位', width: 28, value: (s, n) => n.unit(s.unitId) },
  { header: '内设机构', width: 14, value: (s, n) => (s.divisionId ? n.division(s.divisionId) : '') },
  { header: '编制类型', width: 18, value: (s) => POST_KEY_LABELS[s.postKey] },
  { header: '职务（岗位）', width: 16, value: (s) => s.position },
  { header: '职级（岗位等级）', width: 16, value: (s) => s.positionLevel },
  { header: '领导职务', width: 12, value: (s) => (s.leaderKind ? LEADER_KIND_LABELS[s.leaderKind] : '') },
  { header: '入编日期', width: 12, value: (s) => s.enrolledOn },
  { header: '联系电话', width: 14, value: (s) => s.phone },
];

export interface ExportNames {
  unit(id: string): string;
  division(id: string): string;
}

export async function staffWorkbook(staff: readonly StaffMember[], names: ExportNames, title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '电子编制管理证';
  const ws = wb.addWorksheet('实有人员', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = COLUMNS.map((c) => ({ width: c.width }));
  ws.mergeCells(1, 1, 1, COLUMNS.length);
  const titleCell = ws.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { bold: true, size: 14 };
  titleCell.alignment = { horizontal: 'center' };
  const header = ws.getRow(2);
  COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F0FA' } };
  });
  ws.getColumn(3).numFmt = '@';
  for (const s of staff) ws.addRow(COLUMNS.map((c) => c.value(s, names)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
