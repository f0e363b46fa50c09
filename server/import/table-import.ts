/**
 * Initial data from spreadsheets: CSV files (one per section, named after it: units.csv, ledger.csv,
 * staff.csv, bianbans.csv, formNumberPatterns.csv — or 单位 / 编制台账 / 实有人员 / 编办 / 表单编号格式) or
 * one XLSX workbook with one sheet per section. Row 1 holds the column names (docs/server.md lists
 * them; code names or the Chinese labels). Every row is read and checked with the domain validators
 * here; the cross-row rules (一人一编, duplicates, references) run in importRecords, and every reject
 * names the sheet and the spreadsheet row.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import ExcelJS from 'exceljs';
import { FORM_KINDS, type FormKind } from '../../domain/forms';
import type { Bianban, LedgerEntry, StaffMember, Unit } from '../../domain/model';
import { EDUCATIONS, RECRUIT_CHANNELS, UNIT_KINDS, UNIT_RANKS } from '../../domain/model';
import { FUNDINGS, LEADER_KINDS, POST_KEYS, isPostKey, type LeaderKind, type PostKey } from '../../domain/posts';
import { validateDate, validatePersonName } from '../../domain/validation/fields';
import { validateIdNumber } from '../../domain/validation/id-number';
import type { ImportFile, ImportReject } from './import-seed';

export type Section = 'bianbans' | 'units' | 'ledger' | 'staff' | 'formNumberPatterns';

const SECTION_NAMES: Record<string, Section> = {
  bianbans: 'bianbans',
  编办: 'bianbans',
  units: 'units',
  单位: 'units',
  ledger: 'ledger',
  编制台账: 'ledger',
  staff: 'staff',
  实有人员: 'staff',
  formnumberpatterns: 'formNumberPatterns',
  表单编号格式: 'formNumberPatterns',
};

/** Chinese column labels accepted next to the code names. */
const LABELS: Record<string, string> = {
  编号: 'id', 名称: 'name', 层级: 'level', 上级编办: 'parentId', 行政区划代码: 'regionCode', 简称: 'shortName',
  单位名称: 'name', 统一社会信用代码: 'creditCode', 机构类别: 'kind', 机构规格: 'rank', 经费形式: 'fundingForm', 所属编办: 'bianbanId',
  主管部门: 'supervisorUnitId', 地址: 'address', 电话: 'phone', 成立日期: 'establishedOn', 主要职责: 'functions',
  单位编号: 'unitId', 文号: 'documentNo', 日期: 'date', 发文机关: 'issuer', 备注: 'note',
  姓名: 'name', 身份证号: 'idNumber', 性别: 'sex', 出生日期: 'birthDate', 编制类型: 'postKey', 职务: 'position', 职级: 'positionLevel',
  领导职务: 'leaderKind', 学历: 'education', 政治面貌: 'politicalStatus', 民族: 'ethnicity', 入编日期: 'enrolledOn', 进入方式: 'entryChannel',
  内设机构: 'divisionId', 编办编号: 'bianbanId', 表单种类: 'kind', 格式: 'pattern',
};

export interface TableImport {
  file: ImportFile;
  /** Rows that failed the per-row checks (already located by sheet and row). */
  rejects: ImportReject[];
  /** Maps importRecords' (section, 1-based index) to the spreadsheet's sheet and row. */
  locate(section: string, row: number): { sheet: string; row: number } | null;
}

type Row = Record<string, string>;
interface Sheet {
  name: string;
  section: Section;
  rows: { line: number; cells: Row }[];
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF, UTF-8 BOM). */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  const endRow = () => {
    row.push(cell);
    out.push(row);
    row = [];
    cell = '';
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      endRow();
    } else cell += c;
  }
  if (cell !== '' || row.length) endRow();
  return out;
}

function sectionOf(name: string): Section | null {
  return SECTION_NAMES[name.trim()] ?? SECTION_NAMES[name.trim().toLowerCase()] ?? null;
}

function toSheet(name: string, section: Section, grid: string[][]): Sheet {
  const header = (grid[0] ?? []).map((h) => {
    const t = h.trim();
    return LABELS[t] ?? t;
  });
  const rows: Sheet['rows'] = [];
  grid.slice(1).forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    rows.push({ line: i + 2, cells: Object.fromEntries(header.map((h, k) => [h, (cells[k] ?? '').trim()])) });
  });
  return { name, section, rows };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
}

/** Reads CSV files and XLSX workbooks into sheets; unknown names are an error (nothing is guessed). */
export async function readSheets(paths: string[]): Promise<Sheet[]> {
  const sheets: Sheet[] = [];
  for (const p of paths) {
    const ext = extname(p).toLowerCase();
    if (ext === '.csv') {
      const section = sectionOf(basename(p, extname(p)));
      if (!section) throw new Error(`无法判断 ${basename(p)} 的内容：CSV 文件名应为 ${Object.keys(SECTION_NAMES).join(' / ')} 之一（如 staff.csv）`);
      sheets.push(toSheet(basename(p), section, parseCsv(readFileSync(p, 'utf8'))));
    } else if (ext === '.xlsx') {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(p);
      wb.eachSheet((ws) => {
        const section = sectionOf(ws.name);
        if (!section) throw new Error(`${basename(p)} 中的工作表“${ws.name}”无法识别：工作表名应为 ${Object.keys(SECTION_NAMES).join(' / ')} 之一`);
        const grid: string[][] = [];
        ws.eachRow({ includeEmpty: true }, (row, n) => {
          const values = row.values as ExcelJS.CellValue[];
          grid[n - 1] = values.slice(1).map(cellText);
        });
        for (let i = 0; i < grid.length; i++) grid[i] ??= [];
        sheets.push(toSheet(ws.name, section, grid));
      });
    } else {
      throw new Error(`不支持的导入文件类型：${basename(p)}（应为 .json、.csv 或 .xlsx）`);
    }
  }
  return sheets;
}

const oneOf = <T extends string>(values: readonly T[], v: string, label: string): T => {
  if ((values as readonly string[]).includes(v)) return v as T;
  throw new Error(`${label}“${v}”无效，应为 ${values.join(' / ')}`);
};
const need = (r: Row, col: string, label: string): string => {
  const v = r[col] ?? '';
  if (v === '') throw new Error(`${label}（${col}）为空`);
  return v;
};
const date = (v: string, col: string, label: string): string => {
  const c = validateDate(v, col, { label });
  if (!c.ok) throw new Error(c.error);
  return c.value;
};
const int = (v: string, label: string): number => {
  if (v === '') return 0;
  if (!/^-?\d+$/.test(v)) throw new Error(`${label}“${v}”应为整数（核减写负数）`);
  return Number(v);
};

function bianbanRow(r: Row): Bianban {
  return {
    id: need(r, 'id', '编办编号'),
    name: need(r, 'name', '编办名称'),
    level: oneOf(['province', 'city', 'county'] as const, r.level ?? '', '层级'),
    parentId: r.parentId || null,
    regionCode: r.regionCode ?? '',
    shortName: need(r, 'shortName', '简称'),
  };
}

function unitRow(r: Row): Unit {
  return {
    id: need(r, 'id', '单位编号'),
    name: need(r, 'name', '单位名称'),
    creditCode: need(r, 'creditCode', '统一社会信用代码'),
    kind: oneOf(UNIT_KINDS, r.kind ?? '', '机构类别'),
    rank: oneOf(UNIT_RANKS, r.rank ?? '', '机构规格'),
    fundingForm: oneOf(FUNDINGS, r.fundingForm ?? '', '经费形式'),
    bianbanId: need(r, 'bianbanId', '所属编办'),
    supervisorUnitId: r.supervisorUnitId || null,
    functions: r.functions ?? '',
    powerList: [],
    address: r.address ?? '',
    phone: r.phone ?? '',
    establishedOn: r.establishedOn ? date(r.establishedOn, 'establishedOn', '成立日期') : '',
    history: [],
    abolished: false,
  };
}

function ledgerRow(r: Row): LedgerEntry {
  const postDeltas: Partial<Record<PostKey, number>> = {};
  for (const k of POST_KEYS) if (r[k]) postDeltas[k] = int(r[k], `编制数 ${k}`);
  const leaderDeltas: Partial<Record<LeaderKind, number>> = {};
  for (const k of LEADER_KINDS) if (r[k]) leaderDeltas[k] = int(r[k], `领导职数 ${k}`);
  if (!Object.keys(postDeltas).length && !Object.keys(leaderDeltas).length) throw new Error('没有任何编制数或领导职数的增减（列名见 docs/server.md）');
  return {
    id: need(r, 'id', '台账条目编号'),
    unitId: need(r, 'unitId', '单位编号'),
    documentNo: need(r, 'documentNo', '文号'),
    date: date(r.date ?? '', 'date', '发文日期'),
    issuer: need(r, 'issuer', '发文机关'),
    postDeltas,
    leaderDeltas,
    note: r.note ?? '',
  };
}

const SEX: Record<string, 'male' | 'female'> = { male: 'male', female: 'female', 男: 'male', 女: 'female' };

function staffRow(r: Row, today: string): StaffMember {
  const name = validatePersonName(r.name ?? '');
  if (!name.ok) throw new Error(name.error);
  const id = validateIdNumber(r.idNumber ?? '', today);
  if (!id.ok) throw new Error(id.error);
  const sex = r.sex ? SEX[r.sex] : id.value.sex;
  if (!sex) throw new Error(`性别“${r.sex}”无效，应为 男 / 女`);
  if (sex !== id.value.sex) throw new Error(`性别与身份证号不符：身份证号显示为${id.value.sex === 'male' ? '男' : '女'}`);
  const birthDate = r.birthDate ? date(r.birthDate, 'birthDate', '出生日期') : id.value.birthDate;
  if (birthDate !== id.value.birthDate) throw new Error(`出生日期 ${birthDate} 与身份证号中的 ${id.value.birthDate} 不符`);
  if (!isPostKey(r.postKey)) throw new Error(`编制类型“${r.postKey ?? ''}”无效，应为 ${POST_KEYS.join(' / ')}`);
  return {
    id: need(r, 'id', '人员编号'),
    unitId: need(r, 'unitId', '单位编号'),
    divisionId: r.divisionId || null,
    name: name.value,
    idNumber: id.value.idNumber,
    sex,
    birthDate,
    ethnicity: r.ethnicity ?? '',
    education: oneOf(EDUCATIONS, r.education || 'bachelor', '学历'),
    politicalStatus: r.politicalStatus ?? '',
    postKey: r.postKey,
    position: r.position ?? '',
    positionLevel: r.positionLevel ?? '',
    leaderKind: r.leaderKind ? oneOf(LEADER_KINDS, r.leaderKind, '领导职务') : null,
    retirementCategory: r.retirementCategory ? oneOf(['male', 'female-50', 'female-55'] as const, r.retirementCategory, '退休类别') : sex === 'male' ? 'male' : 'female-55',
    enrolledOn: date(r.enrolledOn ?? '', 'enrolledOn', '入编日期'),
    entryChannel: oneOf(RECRUIT_CHANNELS, r.entryChannel ?? '', '进入方式'),
    slipNumber: null,
    slotNo: null,
    phone: r.phone ?? '',
    leftOn: null,
  };
}

function patternRow(r: Row): { bianbanId: string; kind: FormKind; pattern: string } {
  return { bianbanId: need(r, 'bianbanId', '编办编号'), kind: oneOf(FORM_KINDS, r.kind ?? '', '表单种类'), pattern: need(r, 'pattern', '格式') };
}

/** Reads the files and checks every row; rows that fail are reported and left out of `file`. */
export async function readTableImport(paths: string[], today: string): Promise<TableImport> {
  const sheets = await readSheets(paths);
  const file: ImportFile = { version: 1, bianbans: [], units: [], ledger: [], staff: [], formNumberPatterns: [] };
  const rejects: ImportReject[] = [];
  const where: Record<string, { sheet: string; row: number }[]> = {};
  const parse: { [S in Section]: (r: Row) => unknown } = { bianbans: bianbanRow, units: unitRow, ledger: ledgerRow, staff: (r) => staffRow(r, today), formNumberPatterns: patternRow };
  for (const sheet of sheets) {
    const target = file[sheet.section] as unknown[];
    for (const { line, cells } of sheet.rows) {
      try {
        target.push(parse[sheet.section](cells));
        (where[sheet.section] ??= []).push({ sheet: sheet.name, row: line });
      } catch (e) {
        rejects.push({ section: sheet.section, sheet: sheet.name, row: line, id: cells.id ?? '', reason: e instanceof Error ? e.message : String(e) });
      }
    }
  }
  return { file, rejects, locate: (section, row) => where[section]?.[row - 1] ?? null };
}
