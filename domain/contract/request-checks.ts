/**
 * Field-level checks of a request before it is signed, shared by the window (live, as the officer
 * types) and the client service (again, before signing). Each error names the form field with the
 * same path the server uses (`person.idNumber`, `count` …) so the form can put it under that field.
 * The server checks everything again; this is so the officer sees problems before submitting.
 */
import type { PostUseSlip } from '../forms';
import { checkPostUse, slipIsLive, type LedgerSummary } from '../ledger';
import { DEPARTURE_REASON_LABELS, type DepartureReason, type StaffMember } from '../model';
import { POST_KEY_LABELS } from '../posts';
import type { ChangePayload, DeparturePayload, EnrollmentPayload, PostUsePayload, RequestKind } from '../requests';
import { validateDate, validatePersonName, validatePhone } from '../validation/fields';
import { validateIdNumber } from '../validation/id-number';

export interface FieldProblem {
  field: string;
  message: string;
}

export interface CheckContext {
  today: string;
  /** The filing unit's ledger summary (vacancy pre-check). */
  summary?: LedgerSummary;
  /** The unit's slips (enrollment against a slot). */
  slips?: readonly Pick<PostUseSlip, 'number' | 'status' | 'validUntil' | 'slots' | 'postKey' | 'unitId'>[];
  /** Looks up a staff member of the unit (departure, change). */
  staff?: (id: string) => Pick<StaffMember, 'id' | 'name' | 'unitId' | 'enrolledOn'> | null;
  /** ID numbers already in establishment in the replica (一人一编 pre-check). */
  idNumberInUse?: (idNumber: string) => boolean;
  /** Slot numbers already claimed by requests waiting for a decision, as `slip#slot`. */
  slotsClaimed?: ReadonlySet<string>;
}

function need(out: FieldProblem[], field: string, value: unknown, message: string): boolean {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    out.push({ field, message });
    return false;
  }
  return true;
}

export function checkPostUsePayload(p: Partial<PostUsePayload>, ctx: CheckContext): FieldProblem[] {
  const out: FieldProblem[] = [];
  need(out, 'postKey', p.postKey, '编制类型：请选择要使用的编制类型');
  need(out, 'recruitChannel', p.recruitChannel, '补充渠道：请选择用编方式（如公务员考录、事业单位公开招聘）');
  if (need(out, 'count', p.count, '用编数量：请填写申请使用的编制数') && p.postKey && ctx.summary) {
    const err = checkPostUse(ctx.summary, p.postKey, Number(p.count));
    if (err) out.push({ field: 'count', message: err });
  } else if (p.count !== undefined && (!Number.isInteger(p.count) || Number(p.count) < 1)) {
    out.push({ field: 'count', message: '用编数量：请填写大于 0 的整数' });
  }
  if (need(out, 'reason', p.reason, '申请理由：请写明用编原因（如岗位空缺情况、工作需要）') && (p.reason ?? '').trim().length < 4) {
    out.push({ field: 'reason', message: '申请理由：至少写 4 个字，说明为什么需要用编' });
  }
  return out;
}

export function checkEnrollmentPayload(p: Partial<EnrollmentPayload>, ctx: CheckContext): FieldProblem[] {
  const out: FieldProblem[] = [];
  const person = p.person ?? ({} as Partial<EnrollmentPayload['person']>);
  if (need(out, 'slipNumber', p.slipNumber, '编制使用单：请选择据以入编的编制使用单') && ctx.slips) {
    const slip = ctx.slips.find((s) => s.number === p.slipNumber);
    if (!slip) out.push({ field: 'slipNumber', message: `编制使用单：本单位没有编号为 ${p.slipNumber} 的使用单，请重新选择` });
    else if (!slipIsLive(slip, ctx.today)) {
      out.push({ field: 'slipNumber', message: `编制使用单：${slip.number} 已用完、过期或作废，不能据此入编；仍需进人请重新提出用编申请` });
    } else if (need(out, 'slotNo', p.slotNo, '用编序号：请选择使用单上的用编序号')) {
      const slot = slip.slots.find((s) => s.slotNo === p.slotNo);
      if (!slot) out.push({ field: 'slotNo', message: `用编序号：使用单 ${slip.number} 共 ${slip.slots.length} 个序号，没有第 ${p.slotNo} 号` });
      else if (slot.staffId) out.push({ field: 'slotNo', message: `用编序号：第 ${p.slotNo} 号已由 ${slot.staffName ?? '他人'} 使用，请选择其他序号` });
      else if (ctx.slotsClaimed?.has(`${slip.number}#${p.slotNo}`)) {
        out.push({ field: 'slotNo', message: `用编序号：第 ${p.slotNo} 号已有一份入编登记在办理中，请选择其他序号` });
      }
    }
  }
  const name = validatePersonName(person.name ?? '', 'person.name');
  if (!name.ok) out.push({ field: 'person.name', message: name.error });
  const id = validateIdNumber(person.idNumber ?? '', ctx.today);
  if (!id.ok) out.push({ field: 'person.idNumber', message: id.error });
  else {
    if (person.birthDate && person.birthDate !== id.value.birthDate) {
      out.push({ field: 'person.birthDate', message: `出生日期：与身份证号不符，身份证号中的出生日期为 ${id.value.birthDate}` });
    }
    if (person.sex && person.sex !== id.value.sex) {
      out.push({ field: 'person.sex', message: `性别：与身份证号不符，身份证号第 17 位表示${id.value.sex === 'male' ? '男' : '女'}` });
    }
    if (ctx.idNumberInUse?.(id.value.idNumber)) {
      out.push({ field: 'person.idNumber', message: '身份证号：该人员已在编（一人一编），须先由原单位办理出编，才能在本单位入编' });
    }
  }
  need(out, 'person.ethnicity', person.ethnicity, '民族：请填写民族，如 汉族');
  need(out, 'person.education', person.education, '学历：请选择最高学历');
  need(out, 'person.politicalStatus', person.politicalStatus, '政治面貌：请填写，如 中共党员、群众');
  if (person.phone && person.phone.trim() !== '') {
    const ph = validatePhone(person.phone, 'person.phone');
    if (!ph.ok) out.push({ field: 'person.phone', message: ph.error });
  }
  need(out, 'position', p.position, '职务（岗位）：请填写拟任职务或岗位');
  const d = validateDate(p.enrolledOn ?? '', 'enrolledOn', { notAfter: ctx.today });
  if (!d.ok) out.push({ field: 'enrolledOn', message: d.error });
  return out;
}

export function checkDeparturePayload(p: Partial<DeparturePayload>, ctx: CheckContext): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (need(out, 'staffId', p.staffId, '出编人员：请从实有人员中选择') && ctx.staff) {
    if (!ctx.staff(p.staffId!)) out.push({ field: 'staffId', message: '出编人员：该人员不在本单位实有人员中，请重新选择' });
  }
  need(out, 'reason', p.reason, '出编原因：请选择（退休、调出、辞职等）');
  const d = validateDate(p.departedOn ?? '', 'departedOn', { notAfter: ctx.today });
  if (!d.ok) out.push({ field: 'departedOn', message: d.error });
  else if (p.staffId && ctx.staff) {
    const s = ctx.staff(p.staffId);
    if (s && d.value < s.enrolledOn) out.push({ field: 'departedOn', message: `出编日期：不能早于该人员的入编日期 ${s.enrolledOn}` });
  }
  return out;
}

export function checkChangePayload(p: Partial<ChangePayload>, ctx: CheckContext): FieldProblem[] {
  const out: FieldProblem[] = [];
  need(out, 'target', p.target, '变更对象：请选择变更人员信息或单位信息');
  if (need(out, 'targetId', p.targetId, '变更对象：请选择要变更的人员或单位') && p.target === 'staff' && ctx.staff && !ctx.staff(p.targetId!)) {
    out.push({ field: 'targetId', message: '变更对象：该人员不在本单位实有人员中，请重新选择' });
  }
  const changes = Array.isArray(p.changes) ? p.changes : [];
  if (changes.length === 0) out.push({ field: 'changes', message: '变更内容：请至少填写一项要变更的内容' });
  changes.forEach((c, i) => {
    if (!c.field) out.push({ field: `changes.${i}.field`, message: `第 ${i + 1} 项变更：请选择要变更的项目` });
    if ((c.to ?? '').trim() === '') out.push({ field: `changes.${i}.to`, message: `第 ${i + 1} 项变更：请填写变更后的内容` });
    else if (c.to === c.from) out.push({ field: `changes.${i}.to`, message: `第 ${i + 1} 项变更：变更后的内容与原内容相同` });
    if (c.field === 'idNumber') {
      const id = validateIdNumber(c.to ?? '', ctx.today);
      if (!id.ok) out.push({ field: `changes.${i}.to`, message: id.error });
    }
    if (c.field === 'name') {
      const n = validatePersonName(c.to ?? '');
      if (!n.ok) out.push({ field: `changes.${i}.to`, message: n.error });
    }
    if (c.field === 'phone') {
      const ph = validatePhone(c.to ?? '');
      if (!ph.ok) out.push({ field: `changes.${i}.to`, message: ph.error });
    }
  });
  if (need(out, 'reason', p.reason, '变更理由：请写明变更原因及依据') && (p.reason ?? '').trim().length < 4) {
    out.push({ field: 'reason', message: '变更理由：至少写 4 个字，说明变更原因及依据' });
  }
  return out;
}

export function checkPayload(kind: RequestKind, payload: unknown, ctx: CheckContext): FieldProblem[] {
  const p = (payload !== null && typeof payload === 'object' ? payload : {}) as never;
  switch (kind) {
    case 'postUse':
      return checkPostUsePayload(p, ctx);
    case 'enrollment':
      return checkEnrollmentPayload(p, ctx);
    case 'departure':
      return checkDeparturePayload(p, ctx);
    case 'change':
      return checkChangePayload(p, ctx);
  }
}

/** One line naming a request in lists (我的申报, the outbox, print centre). */
export function requestTitle(
  kind: RequestKind,
  payload: unknown,
  names: { staffName?: (id: string) => string | undefined } = {},
): string {
  const p = (payload ?? {}) as Record<string, unknown>;
  switch (kind) {
    case 'postUse': {
      const key = p.postKey as keyof typeof POST_KEY_LABELS | undefined;
      return `申请使用${key ? POST_KEY_LABELS[key] : '编制'} ${String(p.count ?? '?')} 名`;
    }
    case 'enrollment': {
      const person = (p.person ?? {}) as Record<string, unknown>;
      return `${String(person.name ?? '（未填姓名）')} 入编（使用单 ${String(p.slipNumber ?? '?')} 第 ${String(p.slotNo ?? '?')} 号）`;
    }
    case 'departure':
      return `${names.staffName?.(String(p.staffId)) ?? '人员'} 出编（${DEPARTURE_REASON_LABELS[p.reason as DepartureReason] ?? '原因未填'}）`;
    case 'change':
      return p.target === 'unit' ? '单位信息变更' : `${names.staffName?.(String(p.targetId)) ?? '人员'} 信息变更`;
  }
}
