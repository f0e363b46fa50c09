/** What an approved request does to the records. Runs inside the approving transaction only. */
import { randomUUID } from 'node:crypto';
import type { PostUseSlip } from '../../domain/forms';
import { departureNoticeContent, enrollmentNoticeContent, postUseSlipContent } from '../../domain/forms/sealed-content';
import { checkPostUse, ledgerSummary, slipIsLive } from '../../domain/ledger';
import type { DepartedStaffMember, StaffMember, Unit } from '../../domain/model';
import { fundingOf, LEADER_KINDS, type LeaderKind } from '../../domain/posts';
import type { ChangePayload, DeparturePayload, EnrollmentPayload, PostUsePayload } from '../../domain/requests';
import { retirementCategoryFor } from '../../domain/retirement';
import { validateIdNumber } from '../../domain/validation/id-number';
import type { Journal } from '../audit/journal';
import { todayOf } from '../../domain/validation/calendar';
import type { AppDeps } from '../context';
import { isUniqueViolation, type Queryable } from '../db/database';
import { conflict, unprocessable } from '../http/errors';
import { issueForm } from '../forms/form-service';
import {
  departStaff,
  getBianban,
  getSlip,
  getStaff,
  getUnit,
  insertSlip,
  insertStaff,
  ledgerInput,
  recordSlipChange,
  setSlipStatus,
  updateStaff,
  updateUnit,
  useSlot,
} from '../repositories/record-repository';
import type { StoredRequest } from '../repositories/request-repository';
import type { Principal } from '../../domain/api/auth';
import { changeFieldLabel, isChangeableField } from '../../domain/change-fields';

export async function applyApproved(
  d: AppDeps,
  tx: Queryable,
  j: Journal,
  r: StoredRequest,
  p: Principal,
  comment: string,
  now: Date,
): Promise<{ formNumber?: string; staffId?: string }> {
  // The unit row lock is what serialises every approval touching this unit's posts.
  const unit = await getUnit(tx, r.unitId, true);
  const bianban = await getBianban(tx, r.bianbanId);
  if (!unit || !bianban) throw conflict('申报单位或编办记录缺失，无法核准');
  const today = todayOf(now);
  const ctx = { d, tx, j, r, p, comment, now, today, unit, bianban };
  switch (r.kind) {
    case 'postUse':
      return approvePostUse(ctx, r.content.payload as PostUsePayload);
    case 'enrollment':
      return approveEnrollment(ctx, r.content.payload as EnrollmentPayload);
    case 'departure':
      return approveDeparture(ctx, r.content.payload as DeparturePayload);
    case 'change':
      return approveChange(ctx, r.content.payload as ChangePayload);
  }
}

type Ctx = {
  d: AppDeps;
  tx: Queryable;
  j: Journal;
  r: StoredRequest;
  p: Principal;
  comment: string;
  now: Date;
  today: string;
  unit: Unit;
  bianban: NonNullable<Awaited<ReturnType<typeof getBianban>>>;
};

function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`).getTime() + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

async function approvePostUse(c: Ctx, pl: PostUsePayload) {
  const summary = ledgerSummary({ ...(await ledgerInput(c.tx, c.unit.id)), today: c.today });
  const err = checkPostUse(summary, pl.postKey, pl.count);
  if (err) throw unprocessable(`不能核准：${err}`, 'payload.count');
  const validUntil = addDays(c.today, c.d.config.slipValidityDays);
  const atApproval = { approved: summary.approved[pl.postKey], occupied: summary.occupied[pl.postKey], reserved: summary.reserved[pl.postKey], vacant: summary.vacant[pl.postKey] };
  // The sealed content is built by the same domain function the client uses to verify and print it.
  const facts = (number: string): Omit<PostUseSlip, 'slots' | 'status'> => ({
    number,
    requestId: c.r.id,
    unitId: c.unit.id,
    bianbanId: c.bianban.id,
    postKey: pl.postKey,
    fundingForm: fundingOf(pl.postKey),
    recruitChannel: pl.recruitChannel,
    count: pl.count,
    issuedOn: c.today,
    validUntil,
    atApproval,
    opinion: c.comment,
  });
  const form = await issueForm(c.tx, c.j, c.d.ca, { kind: 'postUseSlip', bianban: c.bianban, unitId: c.unit.id, requestId: c.r.id, issuedAt: c.now, issuedOn: c.today, actor: c.p.certSerial }, (number) =>
    postUseSlipContent({ slip: facts(number), unit: c.unit, bianban: c.bianban }),
  );
  const slip: PostUseSlip = {
    ...facts(form.number),
    slots: Array.from({ length: pl.count }, (_, i) => ({ slotNo: i + 1, staffId: null, staffName: null, usedOn: null })),
    status: 'active',
  };
  await insertSlip(c.tx, c.j, slip);
  return { formNumber: form.number };
}

async function approveEnrollment(c: Ctx, pl: EnrollmentPayload) {
  const slip = await getSlip(c.tx, pl.slipNumber, true);
  if (!slip || slip.unitId !== c.unit.id) throw unprocessable(`不能核准：编制使用单 ${pl.slipNumber} 不存在或不属于该单位`, 'payload.slipNumber');
  if (!slipIsLive(slip, c.today)) throw unprocessable(`不能核准：编制使用单 ${pl.slipNumber} 已失效（已用完、已过期或已作废）`, 'payload.slipNumber');
  const id = validateIdNumber(pl.person.idNumber, c.today);
  if (!id.ok) throw unprocessable(id.error, 'payload.person.idNumber');
  const staff: StaffMember = {
    id: randomUUID(),
    unitId: c.unit.id,
    divisionId: pl.divisionId,
    name: pl.person.name,
    idNumber: id.value.idNumber,
    sex: id.value.sex,
    birthDate: id.value.birthDate,
    ethnicity: pl.person.ethnicity,
    education: pl.person.education,
    politicalStatus: pl.person.politicalStatus,
    postKey: slip.postKey,
    position: pl.position,
    positionLevel: pl.positionLevel,
    leaderKind: null,
    retirementCategory: retirementCategoryFor(id.value.sex, slip.postKey),
    enrolledOn: pl.enrolledOn,
    entryChannel: slip.recruitChannel,
    slipNumber: slip.number,
    slotNo: pl.slotNo,
    phone: pl.person.phone,
    leftOn: null,
  };
  try {
    await insertStaff(c.tx, c.j, staff, c.bianban.id);
  } catch (e) {
    if (isUniqueViolation(e, 'staff_one_post_per_person')) {
      throw conflict('不能核准：该身份证号的人员已在编（一人一编），须先办理原单位出编', 'payload.person.idNumber');
    }
    throw e;
  }
  if (!(await useSlot(c.tx, slip.number, pl.slotNo, staff.id, c.today))) {
    throw conflict(`不能核准：编制使用单 ${slip.number} 的第 ${pl.slotNo} 个用编序号不存在或已被使用`, 'payload.slotNo');
  }
  if (slip.slots.filter((s) => s.staffId === null).length === 1) await setSlipStatus(c.tx, slip.number, 'usedUp');
  await recordSlipChange(c.tx, c.j, slip.number);
  const form = await issueForm(c.tx, c.j, c.d.ca, { kind: 'enrollmentNotice', bianban: c.bianban, unitId: c.unit.id, requestId: c.r.id, issuedAt: c.now, issuedOn: c.today, actor: c.p.certSerial }, (number) =>
    enrollmentNoticeContent({
      notice: { number, requestId: c.r.id, issuedOn: c.today, staffId: staff.id, slipNumber: slip.number, slotNo: pl.slotNo },
      staff,
      unit: c.unit,
      bianban: c.bianban,
    }),
  );
  await c.j.audit({ actor: c.p.certSerial, action: 'staff.enroll', entity: 'staff', entityId: staff.id, after: staff, detail: { slipNumber: slip.number, slotNo: pl.slotNo } });
  return { formNumber: form.number, staffId: staff.id };
}

async function approveDeparture(c: Ctx, pl: DeparturePayload) {
  const s = await getStaff(c.tx, pl.staffId);
  if (!s || s.departed || s.staff.unitId !== c.unit.id) throw conflict('不能核准：该人员不在该单位在编人员中（可能已出编）', 'payload.staffId');
  const leaving = { ...s.staff, departedOn: pl.departedOn, reason: pl.reason };
  const form = await issueForm(c.tx, c.j, c.d.ca, { kind: 'departureNotice', bianban: c.bianban, unitId: c.unit.id, requestId: c.r.id, issuedAt: c.now, issuedOn: c.today, actor: c.p.certSerial }, (number) =>
    departureNoticeContent({ notice: { number, requestId: c.r.id, issuedOn: c.today, staffId: s.staff.id }, staff: leaving, unit: c.unit, bianban: c.bianban }),
  );
  const departed: DepartedStaffMember = { ...leaving, departureNoticeNumber: form.number };
  await departStaff(c.tx, c.j, departed, c.bianban.id);
  await c.j.audit({ actor: c.p.certSerial, action: 'staff.depart', entity: 'staff', entityId: s.staff.id, before: s.staff, after: departed });
  return { formNumber: form.number, staffId: s.staff.id };
}

async function approveChange(c: Ctx, pl: ChangePayload) {
  if (pl.target === 'unit') {
    if (pl.targetId !== c.unit.id) throw conflict('只能变更申报单位本身的信息');
    const next: Unit = { ...c.unit };
    for (const ch of pl.changes) {
      if (!isChangeableField('unit', ch.field)) throw unprocessable(`不能变更“${ch.field}”`, 'payload.changes');
      const cur = String((c.unit as unknown as Record<string, unknown>)[ch.field] ?? '');
      if (cur !== ch.from) throw conflict(`“${changeFieldLabel('unit', ch.field)}”的当前值已不是“${ch.from}”，请按最新数据重新申报`, 'payload.changes');
      (next as unknown as Record<string, unknown>)[ch.field] = ch.to;
    }
    await updateUnit(c.tx, c.j, next);
    await c.j.audit({ actor: c.p.certSerial, action: 'unit.change', entity: 'unit', entityId: c.unit.id, before: c.unit, after: next });
    return {};
  }
  const s = await getStaff(c.tx, pl.targetId);
  if (!s || s.departed || s.staff.unitId !== c.unit.id) throw conflict('变更对象不在该单位在编人员中', 'payload.targetId');
  const next: StaffMember = { ...s.staff };
  for (const ch of pl.changes) {
    if (!isChangeableField('staff', ch.field)) throw unprocessable(`不能变更“${ch.field}”`, 'payload.changes');
    const cur = String((s.staff as unknown as Record<string, unknown>)[ch.field] ?? '');
    if (cur !== ch.from) throw conflict(`“${changeFieldLabel('staff', ch.field)}”的当前值已不是“${ch.from}”，请按最新数据重新申报`, 'payload.changes');
    if (ch.field === 'leaderKind') {
      if (ch.to !== '' && !(LEADER_KINDS as readonly string[]).includes(ch.to)) throw unprocessable(`领导职务类别“${ch.to}”无效`, 'payload.changes');
      next.leaderKind = ch.to === '' ? null : (ch.to as LeaderKind);
    } else (next as unknown as Record<string, unknown>)[ch.field] = ch.to === '' && ch.field === 'divisionId' ? null : ch.to;
  }
  if (next.leaderKind && next.leaderKind !== s.staff.leaderKind) {
    const summary = ledgerSummary({ ...(await ledgerInput(c.tx, c.unit.id)), today: c.today });
    if (summary.leaders.used[next.leaderKind] + 1 > summary.leaders.quota[next.leaderKind]) {
      throw unprocessable('不能核准：该类领导职数已满（超职数配备），请先核减或调整领导职数', 'payload.changes');
    }
  }
  await updateStaff(c.tx, c.j, next, c.bianban.id);
  await c.j.audit({ actor: c.p.certSerial, action: 'staff.change', entity: 'staff', entityId: next.id, before: s.staff, after: next });
  return { staffId: next.id };
}
