/**
 * 台账管理 on the server: a reviewer records approval documents (with the scanned PDF) and changes the
 * organisation of the units in his jurisdiction. Each action is one transaction that writes the records,
 * the unit's 历史沿革, one audit record and the sync changes together.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Principal } from '../../domain/api/auth';
import type { AbolishBody, CreateDivisionBody, CreateUnitBody, LedgerEntryView, MergeBody, RecordLedgerBody, RenameBody, UnitChangeResponse } from '../../domain/api/reviewer-ledger';
import { LEDGER_PDF_MAX_BYTES } from '../../domain/api/reviewer-ledger';
import type { Division, LedgerEntry, Unit } from '../../domain/model';
import { LEADER_KINDS, POST_KEYS, POST_KEY_LABELS, type LeaderKind, type PostKey } from '../../domain/posts';
import { validateCreditCode } from '../../domain/validation/credit-code';
import { validateDate, validateDocumentNo, validateUnitName } from '../../domain/validation/fields';
import type { Check } from '../../domain/validation/result';
import { Journal } from '../audit/journal';
import { requireBianbanAccess, requireReviewer, requireUnitAccess } from '../auth/scope';
import { todayOf } from '../../domain/validation/calendar';
import type { AppDeps } from '../context';
import type { Queryable } from '../db/database';
import { badRequest, conflict, HttpError, notFound, unprocessable } from '../http/errors';
import { getUnit, insertDivision, insertLedgerEntry, insertUnit, updateUnit } from '../repositories/record-repository';
import * as repo from './ledger-repository';

function valid<T>(c: Check<T>): T {
  if (!c.ok) throw badRequest(c.error, c.field);
  return c.value;
}

function basis(d: AppDeps, b: { documentNo: string; date: string }): { documentNo: string; date: string } {
  return { documentNo: valid(validateDocumentNo(b.documentNo)), date: valid(validateDate(b.date, 'date', { label: '发文日期', notAfter: todayOf(d.now()) })) };
}

/** A unit in the reviewer's jurisdiction, locked, not abolished. */
async function liveUnit(tx: Queryable, p: Principal, unitId: string): Promise<Unit> {
  await requireUnitAccess(tx, p, unitId);
  const u = await getUnit(tx, unitId, true);
  if (!u) throw notFound(`单位不存在：${unitId}`);
  if (u.abolished) throw conflict(`${u.name} 已撤销，不能再办理台账事项`);
  return u;
}

/** The PDF as sent: base64 → bytes, ≤ 10 MB, a real PDF by its magic bytes. */
export function decodePdf(base64: string): { bytes: Buffer; sha256: string } {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > LEDGER_PDF_MAX_BYTES) {
    throw new HttpError(413, 'PDF_TOO_LARGE', `批准文件扫描件为 ${(bytes.length / 1024 / 1024).toFixed(1)} MB，超过 10 MB 上限：请降低扫描分辨率（200 dpi 黑白即可）后重新上传`, 'pdf');
  }
  if (bytes.length < 8 || bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
    throw unprocessable('所附文件不是 PDF：请上传批准文件的扫描件（PDF 格式）', 'pdf');
  }
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export async function recordLedger(d: AppDeps, p: Principal, unitId: string, body: RecordLedgerBody): Promise<LedgerEntryView> {
  requireReviewer(p);
  const b = basis(d, body);
  const issuer = body.issuer.trim();
  if (!issuer) throw badRequest('发文机关：不能为空，请输入批准文件的发文机关', 'issuer');
  const postDeltas: Partial<Record<PostKey, number>> = {};
  for (const k of POST_KEYS) if (body.postDeltas[k]) postDeltas[k] = body.postDeltas[k];
  const leaderDeltas: Partial<Record<LeaderKind, number>> = {};
  for (const k of LEADER_KINDS) if (body.leaderDeltas[k]) leaderDeltas[k] = body.leaderDeltas[k];
  if (Object.keys(postDeltas).length === 0 && Object.keys(leaderDeltas).length === 0) {
    throw badRequest('编制和领导职数的增减都为 0：请填写批准文件核定（或核减）的数目', 'postDeltas');
  }
  const pdf = decodePdf(body.pdf.base64);
  return d.db.transaction(async (tx) => {
    const u = await liveUnit(tx, p, unitId);
    if (await repo.documentNoTaken(tx, unitId, b.documentNo)) throw conflict(`${u.name} 的台账中已有文号 ${b.documentNo}：同一文件不能重复登记`, 'documentNo');
    const totals = await repo.approvedTotals(tx, unitId);
    for (const [k, v] of Object.entries(postDeltas) as [PostKey, number][]) {
      const after = (totals[k] ?? 0) + v;
      if (after < 0) throw unprocessable(`${POST_KEY_LABELS[k]}核减 ${-v} 名后为 ${after}：该单位现核定 ${totals[k] ?? 0} 名，核减数不能超过核定数`, 'postDeltas');
    }
    const entry: LedgerEntry = { id: randomUUID(), unitId, documentNo: b.documentNo, date: b.date, issuer, postDeltas, leaderDeltas, note: body.note.trim() };
    const j = new Journal(tx, d.now);
    await insertLedgerEntry(tx, j, entry, u.bianbanId);
    await repo.putLedgerDocument(tx, { entryId: entry.id, unitId, fileName: body.pdf.fileName, sha256: pdf.sha256, bytes: pdf.bytes, uploadedAt: d.now().toISOString(), uploadedBy: p.certSerial });
    await j.audit({ actor: p.certSerial, action: 'ledger.record', entity: 'ledgerEntry', entityId: entry.id, after: entry, detail: { unitId, documentNo: entry.documentNo, pdfSha256: pdf.sha256, pdfSize: pdf.bytes.length } });
    return { ...entry, postDeltas: entry.postDeltas as Record<string, number>, leaderDeltas: entry.leaderDeltas as Record<string, number>, document: { fileName: body.pdf.fileName, sha256: pdf.sha256, size: pdf.bytes.length } };
  });
}

export async function listLedger(d: AppDeps, p: Principal, unitId: string): Promise<LedgerEntryView[]> {
  requireReviewer(p);
  await requireUnitAccess(d.db, p, unitId);
  const entries = await repo.ledgerEntriesOf(d.db, unitId);
  const docs = await repo.ledgerDocumentsOf(d.db, unitId);
  return entries.map((e) => ({ ...e, postDeltas: e.postDeltas as Record<string, number>, leaderDeltas: e.leaderDeltas as Record<string, number>, document: docs.get(e.id) ?? null }));
}

function result(u: Unit, movedStaff = 0, movedEntries = 0): UnitChangeResponse {
  return { unitId: u.id, name: u.name, abolished: u.abolished, movedStaff, movedEntries };
}

export async function createUnit(d: AppDeps, p: Principal, body: CreateUnitBody): Promise<UnitChangeResponse> {
  requireReviewer(p);
  const b = basis(d, body);
  const name = valid(validateUnitName(body.name));
  const creditCode = valid(validateCreditCode(body.creditCode.trim().toUpperCase()));
  await requireBianbanAccess(d.db, p, body.bianbanId);
  return d.db.transaction(async (tx) => {
    if (body.supervisorUnitId) await liveUnit(tx, p, body.supervisorUnitId);
    const holder = await repo.unitNameByCreditCode(tx, creditCode);
    if (holder !== null) throw conflict(`统一社会信用代码 ${creditCode} 已属于 ${holder}：请核对代码`, 'creditCode');
    const u: Unit = {
      id: randomUUID(),
      name,
      creditCode,
      kind: body.kind,
      rank: body.rank,
      fundingForm: body.fundingForm,
      bianbanId: body.bianbanId,
      supervisorUnitId: body.supervisorUnitId,
      functions: body.functions,
      powerList: [],
      address: body.address,
      phone: body.phone,
      establishedOn: b.date,
      history: [{ date: b.date, text: `${b.documentNo}：设立${name}` }],
      abolished: false,
    };
    const j = new Journal(tx, d.now);
    await insertUnit(tx, j, u);
    await j.audit({ actor: p.certSerial, action: 'unit.create', entity: 'unit', entityId: u.id, after: u, detail: { documentNo: b.documentNo } });
    return result(u);
  });
}

export async function renameUnit(d: AppDeps, p: Principal, unitId: string, body: RenameBody): Promise<UnitChangeResponse> {
  requireReviewer(p);
  const b = basis(d, body);
  const name = valid(validateUnitName(body.name));
  return d.db.transaction(async (tx) => {
    const u = await liveUnit(tx, p, unitId);
    if (u.name === name) throw badRequest(`新名称与现名称相同：${name}`, 'name');
    const before = { ...u };
    const next: Unit = { ...u, name, history: [...u.history, { date: b.date, text: `${b.documentNo}：${u.name}更名为${name}` }] };
    const j = new Journal(tx, d.now);
    await updateUnit(tx, j, next);
    await j.audit({ actor: p.certSerial, action: 'unit.rename', entity: 'unit', entityId: u.id, before, after: next, detail: { from: u.name, to: name, documentNo: b.documentNo } });
    return result(next);
  });
}

/** Why a unit cannot go away yet (pending requests, live slips); null when it can. */
async function blockers(tx: Queryable, u: Unit, today: string): Promise<string | null> {
  const pending = await repo.pendingRequestCount(tx, u.id);
  if (pending > 0) return `${u.name} 尚有 ${pending} 件业务申报未办结：请先审核办结或由单位撤回`;
  const slips = await repo.liveSlipCount(tx, u.id, today);
  if (slips > 0) return `${u.name} 尚有 ${slips} 张编制使用单未使用完：请待其使用、过期或收回后再办理`;
  return null;
}

export async function mergeUnit(d: AppDeps, p: Principal, unitId: string, body: MergeBody): Promise<UnitChangeResponse> {
  requireReviewer(p);
  const b = basis(d, body);
  if (body.intoUnitId === unitId) throw badRequest('不能把单位并入它自己：请选择存续单位', 'intoUnitId');
  return d.db.transaction(async (tx) => {
    // Lock in id order so two merges of the same pair cannot deadlock.
    const [first, second] = [unitId, body.intoUnitId].sort() as [string, string];
    const locked = new Map([[first, await liveUnit(tx, p, first)], [second, await liveUnit(tx, p, second)]]);
    const gone = locked.get(unitId)!;
    const into = locked.get(body.intoUnitId)!;
    if (into.supervisorUnitId === gone.id) throw conflict(`${into.name} 是 ${gone.name} 的所属单位：请先调整其主管部门，或选择其他存续单位`, 'intoUnitId');
    const why = await blockers(tx, gone, todayOf(d.now()));
    if (why) throw conflict(why);
    const j = new Journal(tx, d.now);
    const movedStaff = await repo.moveStaff(tx, j, gone.id, into.id, into.bianbanId);
    const movedEntries = await repo.moveLedger(tx, j, gone.id, into.id, into.bianbanId);
    await repo.moveSubordinates(tx, j, gone.id, into.id);
    const goneNext: Unit = { ...gone, abolished: true, history: [...gone.history, { date: b.date, text: `${b.documentNo}：并入${into.name}，人员 ${movedStaff} 名及编制台账一并划转` }] };
    const intoNext: Unit = { ...into, history: [...into.history, { date: b.date, text: `${b.documentNo}：${gone.name}并入本单位（人员 ${movedStaff} 名、台账 ${movedEntries} 条）` }] };
    await updateUnit(tx, j, goneNext);
    await updateUnit(tx, j, intoNext);
    await j.audit({ actor: p.certSerial, action: 'unit.merge', entity: 'unit', entityId: gone.id, before: gone, after: goneNext, detail: { into: into.id, documentNo: b.documentNo, movedStaff, movedEntries } });
    return result(goneNext, movedStaff, movedEntries);
  });
}

export async function abolishUnit(d: AppDeps, p: Principal, unitId: string, body: AbolishBody): Promise<UnitChangeResponse> {
  requireReviewer(p);
  const b = basis(d, body);
  return d.db.transaction(async (tx) => {
    const u = await liveUnit(tx, p, unitId);
    const staff = await repo.activeStaffCount(tx, u.id);
    if (staff > 0) throw conflict(`${u.name} 尚有在编人员 ${staff} 名，不能撤销：请先为他们办理出编或调出，或将该单位并入其他单位（人员随之划转）`);
    const subs = await repo.activeSubordinates(tx, u.id);
    if (subs.length > 0) throw conflict(`${u.name} 尚有所属单位 ${subs.map((s) => s.name).join('、')}：请先撤销、合并或调整其主管部门`);
    const why = await blockers(tx, u, todayOf(d.now()));
    if (why) throw conflict(why);
    const next: Unit = { ...u, abolished: true, history: [...u.history, { date: b.date, text: `${b.documentNo}：撤销${u.name}` }] };
    const j = new Journal(tx, d.now);
    await updateUnit(tx, j, next);
    await j.audit({ actor: p.certSerial, action: 'unit.abolish', entity: 'unit', entityId: u.id, before: u, after: next, detail: { documentNo: b.documentNo } });
    return result(next);
  });
}

export async function createDivision(d: AppDeps, p: Principal, unitId: string, body: CreateDivisionBody): Promise<Division> {
  requireReviewer(p);
  const b = basis(d, body);
  const name = body.name.trim();
  if (!name) throw badRequest('内设机构名称：不能为空', 'name');
  return d.db.transaction(async (tx) => {
    const u = await liveUnit(tx, p, unitId);
    if (await repo.liveDivisionNamed(tx, unitId, name)) throw conflict(`${u.name} 已有内设机构“${name}”`, 'name');
    const div: Division = { id: randomUUID(), unitId, name, abolished: false };
    const j = new Journal(tx, d.now);
    await insertDivision(tx, j, div, u.bianbanId);
    await updateUnit(tx, j, { ...u, history: [...u.history, { date: b.date, text: `${b.documentNo}：设立内设机构${name}` }] });
    await j.audit({ actor: p.certSerial, action: 'division.create', entity: 'division', entityId: div.id, after: div, detail: { documentNo: b.documentNo } });
    return div;
  });
}

async function liveDivision(tx: Queryable, p: Principal, id: string): Promise<{ div: Division; unit: Unit }> {
  const div = await repo.getDivision(tx, id);
  if (!div) throw notFound(`内设机构不存在：${id}`);
  const unit = await liveUnit(tx, p, div.unitId);
  if (div.abolished) throw conflict(`内设机构“${div.name}”已撤销`);
  return { div, unit };
}

export async function renameDivision(d: AppDeps, p: Principal, id: string, body: RenameBody): Promise<Division> {
  requireReviewer(p);
  const b = basis(d, body);
  const name = body.name.trim();
  if (!name) throw badRequest('内设机构名称：不能为空', 'name');
  return d.db.transaction(async (tx) => {
    const { div, unit } = await liveDivision(tx, p, id);
    const next = { ...div, name };
    const j = new Journal(tx, d.now);
    await repo.updateDivision(tx, j, next, unit.bianbanId);
    await updateUnit(tx, j, { ...unit, history: [...unit.history, { date: b.date, text: `${b.documentNo}：内设机构${div.name}更名为${name}` }] });
    await j.audit({ actor: p.certSerial, action: 'division.rename', entity: 'division', entityId: id, before: div, after: next, detail: { documentNo: b.documentNo } });
    return next;
  });
}

export async function abolishDivision(d: AppDeps, p: Principal, id: string, body: AbolishBody): Promise<Division> {
  requireReviewer(p);
  const b = basis(d, body);
  return d.db.transaction(async (tx) => {
    const { div, unit } = await liveDivision(tx, p, id);
    const n = await repo.staffInDivision(tx, id);
    if (n > 0) throw conflict(`内设机构“${div.name}”尚有在编人员 ${n} 名，不能撤销：请先将他们调整到其他内设机构`);
    const next = { ...div, abolished: true };
    const j = new Journal(tx, d.now);
    await repo.updateDivision(tx, j, next, unit.bianbanId);
    await updateUnit(tx, j, { ...unit, history: [...unit.history, { date: b.date, text: `${b.documentNo}：撤销内设机构${div.name}` }] });
    await j.audit({ actor: p.certSerial, action: 'division.abolish', entity: 'division', entityId: id, before: div, after: next, detail: { documentNo: b.documentNo } });
    return next;
  });
}
