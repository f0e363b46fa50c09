/**
 * `ebz server import`: loads a province's records (the `ebz seed` JSON shape) in one transaction.
 * Every row is checked first; any reject means nothing is applied, unless `skipBad` is set, in which
 * case the bad rows (and the rows that depend on them) are left out and reported.
 */
import { FORM_KINDS, type FormKind, type PostUseSlip } from '../../domain/forms';
import type { Bianban, DepartedStaffMember, Division, LedgerEntry, OffEstablishmentCount, StaffMember, Unit } from '../../domain/model';
import { isPostKey, LEADER_KINDS } from '../../domain/posts';
import { validateCreditCode } from '../../domain/validation/credit-code';
import { maskIdNumber, validateIdNumber } from '../../domain/validation/id-number';
import { Journal } from '../audit/journal';
import type { Db, Queryable } from '../db/database';
import { getBianban, insertBianban, insertSlip } from '../repositories/record-repository';
import { reserveImportedNumber } from '../forms/form-service';
import { checkPatternChanges, patternOverrides, setPatterns } from '../forms/pattern-repository';
import { bulkChanges, type BulkChange } from '../repositories/change-repository';
import { activeHoldersOf, bianbansOfUnits, bulkInsert, existingIds, upsertOffEstablishment } from '../repositories/import-repository';

export interface ImportFile {
  version: 1;
  bianbans: Bianban[];
  units: Unit[];
  divisions?: Division[];
  ledger?: LedgerEntry[];
  staff?: StaffMember[];
  departedStaff?: DepartedStaffMember[];
  slips?: PostUseSlip[];
  offEstablishment?: OffEstablishmentCount[];
  /** A bianban's own form-number patterns (domain/form-number placeholders); kinds not listed use the default. */
  formNumberPatterns?: { bianbanId: string; kind: FormKind; pattern: string }[];
}

export interface ImportReject {
  section: string;
  /** 1-based row within the section (for CSV / XLSX: the spreadsheet row, header = row 1) */
  row: number;
  /** CSV file or XLSX sheet the row came from */
  sheet?: string;
  id: string;
  reason: string;
}

export interface ImportReport {
  applied: boolean;
  counts: Record<string, number>;
  rejects: ImportReject[];
}

export class ImportRejected extends Error {
  constructor(readonly rejects: ImportReject[]) {
    super(`导入未执行：共有 ${rejects.length} 行数据有误，请修正后重新导入（或使用 --skip-bad 跳过错误行）`);
    this.name = 'ImportRejected';
  }
}

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export interface ImportOptions {
  today: string;
  skipBad?: boolean;
  actor?: string;
  now?: () => Date;
  /** Rows already refused while reading (CSV / XLSX); they count like any other reject. */
  extraRejects?: ImportReject[];
  /** Maps (section, 1-based index) to the sheet and row the record came from. */
  locate?: (section: string, row: number) => { sheet: string; row: number } | null;
}

export async function importRecords(db: Db, file: ImportFile, o: ImportOptions): Promise<ImportReport> {
  if (file?.version !== 1 || !Array.isArray(file.bianbans) || !Array.isArray(file.units)) {
    throw new ImportRejected([{ section: 'file', row: 0, id: '', reason: '文件格式不正确：应为 ebz seed 输出的 JSON（version: 1，含 bianbans、units 等）' }]);
  }
  const rejects: ImportReject[] = [];
  const existing = (table: 'bianbans' | 'units', ids: string[]) => existingIds(db, table, ids);

  // Bianbans: parents first (the file lists them top-down; we accept any order that resolves).
  const bianbanIds = new Set(await existing('bianbans', file.bianbans.map((b) => b.id).concat(file.bianbans.map((b) => b.parentId ?? ''), (file.formNumberPatterns ?? []).map((p) => String(p?.bianbanId ?? '')))));
  const okBianbans: Bianban[] = [];
  const seenB = new Set<string>();
  file.bianbans.forEach((b, i) => {
    const bad = (reason: string) => rejects.push({ section: 'bianbans', row: i + 1, id: String(b?.id ?? ''), reason });
    if (!b || !ID.test(b.id)) return bad('编办编号缺失或含非法字符');
    if (seenB.has(b.id) || bianbanIds.has(b.id)) return bad(`编办编号 ${b.id} 重复或已存在`);
    if (!['province', 'city', 'county'].includes(b.level)) return bad(`层级“${b.level}”无效，应为 province / city / county`);
    if (!/^\d{6}$/.test(b.regionCode ?? '')) return bad('行政区划代码应为 6 位数字');
    if (b.parentId && !seenB.has(b.parentId) && !bianbanIds.has(b.parentId)) return bad(`上级编办 ${b.parentId} 不存在（须排在本行之前）`);
    seenB.add(b.id);
    okBianbans.push(b);
  });
  const allB = new Set([...bianbanIds, ...seenB]);

  // Child rows may refer to units imported earlier (separate files, or a province loaded in batches).
  const childUnitIds = [file.divisions, file.ledger, file.staff, file.departedStaff, file.slips, file.offEstablishment].flatMap((rows) => (rows ?? []).map((r) => String((r as { unitId?: string })?.unitId ?? '')));
  const unitIdsInDb = await existing('units', [...new Set(file.units.map((u) => u.id).concat(file.units.map((u) => u.supervisorUnitId ?? ''), childUnitIds))]);
  const okUnits: Unit[] = [];
  const seenU = new Set<string>();
  const credit = new Set<string>();
  const fileUnitIds = new Set(file.units.map((u) => u?.id));
  file.units.forEach((u, i) => {
    const bad = (reason: string) => rejects.push({ section: 'units', row: i + 1, id: String(u?.id ?? ''), reason });
    if (!u || !ID.test(u.id)) return bad('单位编号缺失或含非法字符');
    if (seenU.has(u.id) || unitIdsInDb.has(u.id)) return bad(`单位编号 ${u.id} 重复或已存在`);
    if (!u.name?.trim()) return bad('单位名称为空');
    const cc = validateCreditCode(u.creditCode ?? '');
    if (!cc.ok) return bad(cc.error);
    if (credit.has(cc.value)) return bad(`统一社会信用代码 ${cc.value} 与前面的单位重复`);
    if (!allB.has(u.bianbanId)) return bad(`所属编办 ${u.bianbanId} 不存在或被拒绝`);
    if (u.supervisorUnitId && !fileUnitIds.has(u.supervisorUnitId) && !unitIdsInDb.has(u.supervisorUnitId)) return bad(`主管部门 ${u.supervisorUnitId} 不存在`);
    seenU.add(u.id);
    credit.add(cc.value);
    okUnits.push(u);
  });
  // A subordinate whose supervisor was rejected cannot be kept either.
  for (let changed = true; changed; ) {
    changed = false;
    for (const u of [...okUnits]) {
      if (u.supervisorUnitId && !seenU.has(u.supervisorUnitId) && !unitIdsInDb.has(u.supervisorUnitId)) {
        rejects.push({ section: 'units', row: file.units.indexOf(u) + 1, id: u.id, reason: `主管部门 ${u.supervisorUnitId} 被拒绝` });
        okUnits.splice(okUnits.indexOf(u), 1);
        seenU.delete(u.id);
        changed = true;
      }
    }
  }
  const unitBianban = new Map<string, string>(okUnits.map((u) => [u.id, u.bianbanId]));
  if (unitIdsInDb.size) {
    for (const [id, bianbanId] of await bianbansOfUnits(db, [...unitIdsInDb])) unitBianban.set(id, bianbanId);
  }
  const unitOk = (id: string) => unitBianban.has(id);

  const rowsOf = <T extends { id?: string; unitId: string }>(section: string, rows: T[] | undefined, check: (r: T) => string | null): T[] => {
    const out: T[] = [];
    const seen = new Set<string>();
    (rows ?? []).forEach((r, i) => {
      const id = String((r as { id?: string; number?: string })?.id ?? (r as { number?: string })?.number ?? '');
      const bad = (reason: string) => rejects.push({ section, row: i + 1, id, reason });
      if (!r) return bad('空行');
      if (!unitOk(r.unitId)) return bad(`所属单位 ${r.unitId} 不存在或被拒绝`);
      if (id && seen.has(id)) return bad(`编号 ${id} 重复`);
      const err = check(r);
      if (err) return bad(err);
      if (id) seen.add(id);
      out.push(r);
    });
    return out;
  };

  const divisions = rowsOf('divisions', file.divisions, (d) => (ID.test(d.id) ? null : '内设机构编号无效'));
  const ledger = rowsOf('ledger', file.ledger, (e) => {
    if (!ID.test(e.id)) return '台账条目编号无效';
    for (const [k, v] of Object.entries(e.postDeltas ?? {})) if (!isPostKey(k) || !Number.isInteger(v)) return `编制类型“${k}”或增减数无效`;
    for (const [k, v] of Object.entries(e.leaderDeltas ?? {})) if (!(LEADER_KINDS as readonly string[]).includes(k) || !Number.isInteger(v)) return `领导职数类别“${k}”或增减数无效`;
    return null;
  });
  const activeIds = new Map<string, StaffMember>();
  const inDb = await activeHoldersOf(db, (file.staff ?? []).map((s) => s?.idNumber ?? ''));
  const unitNames = new Map(file.units.map((u) => [u?.id, u?.name]));
  const unitLabel = (id: string, name?: string) => `${name ?? unitNames.get(id) ?? ''}（${id}）`;
  const staff = rowsOf('staff', file.staff, (s) => {
    if (!ID.test(s.id)) return '人员编号无效';
    if (!isPostKey(s.postKey)) return `编制类型“${s.postKey}”无效`;
    const v = validateIdNumber(s.idNumber ?? '', o.today);
    if (!v.ok) return v.error;
    // The server is the authority for 一人一编: one active post per ID number, province-wide.
    const masked = maskIdNumber(v.value.idNumber);
    const held = inDb.get(v.value.idNumber);
    if (held) return `一人一编：身份证号 ${masked} 已在 ${unitLabel(held.unit_id, held.unit_name)} 在编（人员 ${held.id}），不能再在 ${unitLabel(s.unitId)} 入编；请先核实并办理原单位出编`;
    const first = activeIds.get(v.value.idNumber);
    if (first) return `一人一编：身份证号 ${masked} 在本文件中已由 ${unitLabel(first.unitId)} 的人员 ${first.id} 占用，不能再在 ${unitLabel(s.unitId)} 入编（人员 ${s.id}）；请核实此人实际所在单位`;
    activeIds.set(v.value.idNumber, s);
    return null;
  });
  const staffIds = new Set(staff.map((s) => s.id));
  const departed = rowsOf('departedStaff', file.departedStaff, (s) => (ID.test(s.id) && !staffIds.has(s.id) ? null : '减少人员编号无效或与实有人员重复'));
  const slips = rowsOf('slips', file.slips as (PostUseSlip & { id?: string })[] | undefined, (s) => {
    if (!s.number) return '使用单编号为空';
    if (!isPostKey(s.postKey)) return `编制类型“${s.postKey}”无效`;
    for (const slot of s.slots ?? []) if (slot.staffId && !staffIds.has(slot.staffId)) return `用编序号 ${slot.slotNo} 指向的人员 ${slot.staffId} 不在导入的实有人员中`;
    return null;
  });
  const off = rowsOf('offEstablishment', file.offEstablishment as (OffEstablishmentCount & { id?: string })[] | undefined, (r) => (Number.isInteger(r.count) && r.count >= 0 ? null : '编外人数应为非负整数'));

  const patternsBy = new Map<string, Partial<Record<FormKind, string>>>();
  for (const [i, r] of (file.formNumberPatterns ?? []).entries()) {
    const bad = (reason: string) => rejects.push({ section: 'formNumberPatterns', row: i + 1, id: `${r?.bianbanId ?? ''}/${r?.kind ?? ''}`, reason });
    if (!r || !allB.has(r.bianbanId)) {
      bad(`编办 ${r?.bianbanId ?? ''} 不存在或被拒绝`);
      continue;
    }
    if (!(FORM_KINDS as readonly string[]).includes(r.kind)) {
      bad(`表单种类“${r.kind}”无效，应为 ${FORM_KINDS.join(' / ')}`);
      continue;
    }
    const mine = patternsBy.get(r.bianbanId) ?? {};
    const current = bianbanIds.has(r.bianbanId) ? await patternOverrides(db, r.bianbanId) : {};
    const problem = checkPatternChanges({ ...current, ...mine }, { [r.kind]: String(r.pattern ?? '') });
    if (problem) {
      bad(problem.message);
      continue;
    }
    patternsBy.set(r.bianbanId, { ...mine, [r.kind]: r.pattern });
  }

  if (o.locate) {
    for (const r of rejects) {
      const at = o.locate(r.section, r.row);
      if (at) Object.assign(r, at);
    }
  }
  rejects.unshift(...(o.extraRejects ?? []));
  if (rejects.length && !o.skipBad) throw new ImportRejected(rejects);

  const now = o.now ?? (() => new Date());
  await db.transaction(async (tx: Queryable) => {
    const j = new Journal(tx, now);
    for (const b of okBianbans) await insertBianban(tx, j, b);
    // The big sections go in set-based chunks; province-size files hold millions of staff rows.
    const bb = (unitId: string) => unitBianban.get(unitId)!;
    await bulkInsert(tx, 'units', okUnits);
    await bulkInsert(tx, 'divisions', divisions);
    await bulkInsert(tx, 'ledger_entries', ledger);
    await bulkInsert(tx, 'staff', staff);
    await bulkInsert(tx, 'staff', departed);
    await j.lock();
    const changes: BulkChange[] = [
      ...okUnits.map((u) => ({ entity: 'unit', id: u.id, unitId: u.id, bianbanId: u.bianbanId, data: u })),
      ...divisions.map((d) => ({ entity: 'division', id: d.id, unitId: d.unitId, bianbanId: bb(d.unitId), data: d })),
      ...ledger.map((e) => ({ entity: 'ledgerEntry', id: e.id, unitId: e.unitId, bianbanId: bb(e.unitId), data: e })),
      ...staff.map((s) => ({ entity: 'staff', id: s.id, unitId: s.unitId, bianbanId: bb(s.unitId), data: s })),
      ...departed.map((s) => ({ entity: 'departedStaff', id: s.id, unitId: s.unitId, bianbanId: bb(s.unitId), data: s })),
    ];
    await bulkChanges(tx, changes, now().toISOString());
    for (const s of slips) await insertSlip(tx, j, s);
    for (const r of off) {
      await upsertOffEstablishment(tx, r);
      await j.change({ entity: 'offEstablishment', id: r.unitId, unitId: r.unitId, bianbanId: unitBianban.get(r.unitId)!, data: r });
    }
    for (const [bianbanId, changes] of patternsBy) await setPatterns(tx, j, { bianbanId, changes, actor: o.actor ?? 'import', at: now().toISOString() });
    // imported slips keep their numbers: the counters continue after them, never issue one twice
    for (const s of slips) {
      const b = await getBianban(tx, s.bianbanId);
      if (b) await reserveImportedNumber(tx, b, 'postUseSlip', s.number);
    }
    await j.audit({
      actor: o.actor ?? 'import',
      action: 'records.import',
      entity: 'import',
      entityId: now().toISOString(),
      detail: { bianbans: okBianbans.length, units: okUnits.length, staff: staff.length, rejects: rejects.length },
    });
  });
  return {
    applied: true,
    counts: { bianbans: okBianbans.length, units: okUnits.length, divisions: divisions.length, ledger: ledger.length, staff: staff.length, departedStaff: departed.length, slips: slips.length, offEstablishment: off.length, formNumberPatterns: [...patternsBy.values()].reduce((n, p) => n + Object.keys(p).length, 0) },
    rejects,
  };
}
