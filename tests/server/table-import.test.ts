/** `ebz server import` of CSV files and an XLSX workbook: documented columns, rejects by sheet and row, all-or-nothing / --skip-bad. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main';
import { verifyAuditChain } from '../../server/audit/verify';
import { parseCsv } from '../../server/import/table-import';
import { fingerprint } from './helpers/fingerprint';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { creditCode, idNumber } from './helpers/world';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ebz-table-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await main(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const csv = (rows: (string | number)[][]) => rows.map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')).join('\r\n');

const BIANBANS = [
  ['id', 'name', 'level', 'parentId', 'regionCode', 'shortName'],
  ['P', '山东省机构编制委员会办公室', 'province', '', '370000', '鲁机编'],
  ['C1', '济南市机构编制委员会办公室', 'city', 'P', '370100', '济机编'],
];
const UNITS = [
  ['id', 'name', 'creditCode', 'kind', 'rank', 'fundingForm', 'bianbanId', 'supervisorUnitId', 'address', 'phone', 'establishedOn', 'functions'],
  ['DEPT', '济南市卫生健康委员会', creditCode('370100', 1), 'organ', 'divisionFull', 'full', 'C1', '', '济南市历下区', '', '2019-01-01', '卫生健康管理，含"公共卫生"'],
  ['INST', '济南市中心医院', creditCode('370100', 2), 'institution', 'divisionFull', 'full', 'C1', 'DEPT', '', '', '1950-05-01', ''],
];
// Chinese column labels are accepted as well as the code names.
const LEDGER = [
  ['编号', '单位编号', '文号', '日期', '发文机关', 'administrative', 'institutional:full', 'unitHead', '备注'],
  ['L1', 'DEPT', '济编〔2020〕1号', '2020-01-01', '济南市编委', 10, '', 1, ''],
  ['L2', 'INST', '济编〔2020〕2号', '2020-03-01', '济南市编委', '', 5, '', ''],
];
const STAFF = [
  ['id', 'unitId', 'name', 'idNumber', 'sex', 'birthDate', 'postKey', 'position', 'positionLevel', 'leaderKind', 'education', 'politicalStatus', 'ethnicity', 'enrolledOn', 'entryChannel', 'phone'],
  ['S1', 'DEPT', '张三', idNumber('19800101', 11), '男', '', 'administrative', '主任', '正处', 'unitHead', 'master', '中共党员', '汉族', '2005-07-01', 'civilServiceExam', ''],
  ['S2', 'INST', '李四', idNumber('19850202', 22), '女', '1985-02-02', 'institutional:full', '医师', '', '', 'bachelor', '群众', '汉族', '2010-08-01', 'openRecruitment', ''],
];

describe('parseCsv', () => {
  it('reads quotes, doubled quotes, commas and CRLF, and drops the BOM', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, ""y""",2\r\n')).toEqual([
      ['a', 'b'],
      ['x, "y"', '2'],
    ]);
  });
});

describe('ebz server import CSV', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t?.drop());

  it('loads units, ledger entries and staff from separate files', async () => {
    const files = { 'bianbans.csv': BIANBANS, 'units.csv': UNITS, 'ledger.csv': LEDGER, 'staff.csv': STAFF };
    for (const [name, rows] of Object.entries(files)) writeFileSync(join(dir, name), `\uFEFF${csv(rows)}\r\n`);
    const r = await cli(['server', 'import', ...Object.keys(files).map((f) => join(dir, f)), '--database-url', t.url]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('units 2');
    expect(r.out).toContain('staff 2');
    const s = await t.db.query<{ data: { sex: string; birthDate: string; leaderKind: string } }>(`SELECT data FROM staff WHERE id = 'S1'`);
    expect(s.rows[0]!.data).toMatchObject({ sex: 'male', birthDate: '1980-01-01', leaderKind: 'unitHead' });
    const u = await t.db.query<{ data: { functions: string } }>(`SELECT data FROM units WHERE id = 'DEPT'`);
    expect(u.rows[0]!.data.functions).toBe('卫生健康管理，含"公共卫生"');
    const l = await t.db.query<{ data: { postDeltas: object; leaderDeltas: object } }>(`SELECT data FROM ledger_entries WHERE id = 'L1'`);
    expect(l.rows[0]!.data).toMatchObject({ postDeltas: { administrative: 10 }, leaderDeltas: { unitHead: 1 } });

    // A later staff file refers to units already in the database.
    writeFileSync(join(dir, 'staff.csv'), csv([STAFF[0]!, ['S3', 'INST', '王五', idNumber('19900303', 33), '男', '', 'institutional:full', '', '', '', 'bachelor', '群众', '汉族', '2015-01-01', 'openRecruitment', '']]));
    const more = await cli(['server', 'import', join(dir, 'staff.csv'), '--database-url', t.url]);
    expect(more.code).toBe(0);
    expect((await t.db.query('SELECT id FROM staff')).rows).toHaveLength(3);
  });

  it('a file name that names no section is refused before anything is read', async () => {
    writeFileSync(join(dir, 'people.csv'), csv(STAFF));
    const r = await cli(['server', 'import', join(dir, 'people.csv'), '--database-url', t.url]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('CSV 文件名应为');
  });
});

describe('ebz server import XLSX', () => {
  let t: TestDatabase;
  let book = '';
  beforeAll(async () => {
    t = await createTestDatabase();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('编办').addRows(BIANBANS);
    const units = wb.addWorksheet('units');
    units.addRows([...UNITS, ['BAD', '某单位', '91370100MA3C00000X', 'organ', 'sectionFull', 'full', 'C1', '', '', '', '', '']]);
    const ledger = wb.addWorksheet('编制台账');
    ledger.addRows([...LEDGER, ['L3', 'DEPT', '济编〔2021〕9号', '2021-02-30', '济南市编委', -1, '', '', '']]);
    // A real date cell (Excel dates arrive as Date objects).
    ledger.getCell('D2').value = new Date(Date.UTC(2020, 0, 1));
    const staff = wb.addWorksheet('实有人员');
    staff.addRows([
      ...STAFF,
      ['S3', 'INST', '王五', '370102199003030330', '男', '', 'institutional:full', '', '', '', 'bachelor', '', '', '2015-01-01', 'openRecruitment', ''],
      ['S4', 'INST', '赵六', idNumber('19800101', 11), '男', '', 'institutional:full', '', '', '', 'bachelor', '', '', '2015-01-01', 'openRecruitment', ''],
      ['S5', 'INST', '钱七', idNumber('19920404', 44), '女', '', 'institutional:full', '', '', '', 'bachelor', '', '', '2015-13-01', 'openRecruitment', ''],
      ['S6', 'INST', '孙八', idNumber('19930505', 55), '男', '', 'institutional:full', '', '', '', 'bachelor', '', '', '2016-01-01', 'openRecruitment', ''],
    ]);
    book = join(dir, 'province.xlsx');
    await wb.xlsx.writeFile(book);
  });
  afterAll(async () => t?.drop());

  it('reports every bad row by sheet and row with the reason, and applies nothing', async () => {
    const before = await fingerprint(t.db);
    const r = await cli(['server', 'import', book, '--database-url', t.url]);
    expect(r.code).toBe(1);
    const lines = r.err.split('\n');
    const at = (prefix: string) => lines.find((l) => l.startsWith(prefix)) ?? '';
    expect(at('units 第 4 行（BAD）')).toContain('校验码');
    expect(at('编制台账 第 4 行（L3）')).toContain('2月没有30日');
    expect(at('实有人员 第 4 行（S3）')).toContain('身份证号');
    expect(at('实有人员 第 6 行（S5）')).toContain('入编日期');
    const dup = at('实有人员 第 5 行（S4）');
    expect(dup).toContain('一人一编');
    expect(dup).toContain('济南市卫生健康委员会（DEPT）');
    expect(dup).toContain('济南市中心医院（INST）');
    expect(dup).not.toContain(idNumber('19800101', 11));
    expect(r.err).toContain('导入未执行：共有 5 行数据有误');
    expect(await fingerprint(t.db)).toEqual(before);
  });

  it('--skip-bad loads the rest', async () => {
    const r = await cli(['server', 'import', book, '--database-url', t.url, '--skip-bad']);
    expect(r.code).toBe(0);
    expect(r.out + r.err).toContain('跳过 5 行');
    expect((await t.db.query<{ id: string }>('SELECT id FROM staff ORDER BY id')).rows.map((x) => x.id)).toEqual(['S1', 'S2', 'S6']);
    expect((await t.db.query<{ id: string }>('SELECT id FROM ledger_entries ORDER BY id')).rows.map((x) => x.id)).toEqual(['L1', 'L2']);
    expect((await t.db.query<{ id: string }>('SELECT id FROM units ORDER BY id')).rows.map((x) => x.id)).toEqual(['DEPT', 'INST']);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
