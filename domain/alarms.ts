/**
 * 预警: violations the bianban watches for. Each alarm says what is wrong (message) and what to do
 * (advice), in Chinese, and names the unit and, where there is one, the person or slip.
 */
import { ledgerSummary, slipIsLive, unusedSlots } from './ledger';
import type { LedgerEntry, StaffMember, Unit } from './model';
import type { PostUseSlip } from './forms';
import { LEADER_KINDS, LEADER_KIND_LABELS, POST_KEYS, POST_KEY_LABELS } from './posts';
import { isPastRetirement, retirementFor } from './retirement';
import { maskIdNumber } from './validation/id-number';

export const ALARM_KINDS = [
  'overEstablishment',
  'overLeaderQuota',
  'mixedPostUse',
  'expiredSlip',
  'overdueDeparture',
  'pastRetirementAge',
  'duplicateEnrollment',
] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];
export const ALARM_KIND_LABELS: Record<AlarmKind, string> = {
  overEstablishment: '超编进人',
  overLeaderQuota: '超职数配备',
  mixedPostUse: '混编混岗',
  expiredSlip: '编制使用单逾期',
  overdueDeparture: '出编登记逾期',
  pastRetirementAge: '超过法定退休年龄',
  duplicateEnrollment: '一人多编',
};

export interface Alarm {
  kind: AlarmKind;
  unitId: string;
  /** The staff member id, slip number, or post/leader key the alarm is about. */
  subject: string | null;
  message: string;
  advice: string;
}

type StaffFacts = Pick<
  StaffMember,
  'id' | 'unitId' | 'name' | 'idNumber' | 'postKey' | 'leaderKind' | 'birthDate' | 'retirementCategory' | 'leftOn'
>;

export interface UnitAlarmInput {
  unit: Pick<Unit, 'id' | 'name'>;
  entries: readonly Pick<LedgerEntry, 'postDeltas' | 'leaderDeltas'>[];
  staff: readonly StaffFacts[];
  slips: readonly Pick<PostUseSlip, 'number' | 'status' | 'validUntil' | 'slots' | 'postKey'>[];
  /** Staff for whom a departure request is already filed (not yet decided). */
  departureFiled: ReadonlySet<string>;
  today: string;
}

function endOfMonth(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${date.slice(0, 7)}-${String(last).padStart(2, '0')}`;
}

export function unitAlarms(input: UnitAlarmInput): Alarm[] {
  const { unit, today } = input;
  const alarms: Alarm[] = [];
  const summary = ledgerSummary(input);

  for (const k of POST_KEYS) {
    const used = summary.occupied[k] + summary.reserved[k];
    if (summary.approved[k] > 0 && used > summary.approved[k]) {
      alarms.push({
        kind: 'overEstablishment',
        unitId: unit.id,
        subject: k,
        message: `${unit.name}${POST_KEY_LABELS[k]}核定 ${summary.approved[k]} 名，实有 ${summary.occupied[k]} 名、已核准待使用 ${summary.reserved[k]} 名，超编 ${used - summary.approved[k]} 名`,
        advice: '停止该类编制进人，按“退一进一”逐步消化超编人员；确需调整编制的，向编办提出申请',
      });
    }
  }
  for (const k of LEADER_KINDS) {
    if (summary.leaders.used[k] > summary.leaders.quota[k]) {
      alarms.push({
        kind: 'overLeaderQuota',
        unitId: unit.id,
        subject: k,
        message: `${unit.name}${LEADER_KIND_LABELS[k]}职数核定 ${summary.leaders.quota[k]} 名，实配 ${summary.leaders.used[k]} 名`,
        advice: '停止超职数选任，按职数逐步消化；领导职数调整须经编办核定',
      });
    }
  }
  for (const s of input.staff) {
    if (summary.approved[s.postKey] <= 0) {
      alarms.push({
        kind: 'mixedPostUse',
        unitId: unit.id,
        subject: s.id,
        message: `${s.name}占用${POST_KEY_LABELS[s.postKey]}，但${unit.name}未核定该类编制`,
        advice: '核实该人员的编制类型；如登记有误，提交信息变更申请更正',
      });
    } else if (s.postKey === 'serviceWorker' && s.leaderKind) {
      alarms.push({
        kind: 'mixedPostUse',
        unitId: unit.id,
        subject: s.id,
        message: `${s.name}占用工勤编制，却担任${LEADER_KIND_LABELS[s.leaderKind]}`,
        advice: '工勤人员不得担任领导职务；请调整职务或按规定办理',
      });
    }
    if (s.leftOn && today > endOfMonth(s.leftOn) && !input.departureFiled.has(s.id)) {
      alarms.push({
        kind: 'overdueDeparture',
        unitId: unit.id,
        subject: s.id,
        message: `${s.name}已于 ${s.leftOn} 离开本单位，当月月底前未办理出编登记`,
        advice: '立即提交出编登记，写明离开原因和日期',
      });
    } else if (isPastRetirement(s.birthDate, s.retirementCategory, today) && !input.departureFiled.has(s.id)) {
      const r = retirementFor(s.birthDate, s.retirementCategory);
      alarms.push({
        kind: 'pastRetirementAge',
        unitId: unit.id,
        subject: s.id,
        message: `${s.name}（出生 ${s.birthDate.slice(0, 7)}）法定退休时间为 ${r.month}（${r.label}），仍在编`,
        advice: '办理退休手续并提交出编登记（出编原因：退休）；如经批准延迟退休，请上传批准文件',
      });
    }
  }
  for (const slip of input.slips) {
    const left = unusedSlots(slip);
    if (slip.status === 'active' && !slipIsLive(slip, today) && left > 0) {
      alarms.push({
        kind: 'expiredSlip',
        unitId: unit.id,
        subject: slip.number,
        message: `编制使用单 ${slip.number} 已于 ${slip.validUntil} 到期，仍有 ${left} 个用编序号未使用`,
        advice: '到期未使用的编制自动收回；仍需进人的，请重新提出用编申请',
      });
    }
  }
  return alarms;
}

/** 一人一编: the same ID number in establishment more than once, anywhere in the province. */
export function duplicateEnrollmentAlarms(staff: readonly Pick<StaffMember, 'id' | 'unitId' | 'idNumber' | 'name'>[]): Alarm[] {
  const byId = new Map<string, Pick<StaffMember, 'id' | 'unitId' | 'idNumber' | 'name'>[]>();
  for (const s of staff) {
    const key = s.idNumber.toUpperCase();
    const list = byId.get(key);
    if (list) list.push(s);
    else byId.set(key, [s]);
  }
  const alarms: Alarm[] = [];
  for (const [idNumber, holders] of byId) {
    if (holders.length < 2) continue;
    for (const h of holders) {
      alarms.push({
        kind: 'duplicateEnrollment',
        unitId: h.unitId,
        subject: h.id,
        message: `身份证号 ${maskIdNumber(idNumber)}（${h.name}）同时在 ${holders.length} 处在编`,
        advice: '一人只能占用一个编制：核实后由调出单位提交出编登记，或更正错误登记的身份证号',
      });
    }
  }
  return alarms;
}

export interface AlarmData {
  units: readonly Pick<Unit, 'id' | 'name'>[];
  ledger: readonly Pick<LedgerEntry, 'unitId' | 'postDeltas' | 'leaderDeltas'>[];
  staff: readonly StaffFacts[];
  slips: readonly (Pick<PostUseSlip, 'number' | 'status' | 'validUntil' | 'slots' | 'postKey' | 'unitId'>)[];
  departureFiled: ReadonlySet<string>;
  today: string;
}

function groupBy<T extends { unitId: string }>(rows: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const l = m.get(r.unitId);
    if (l) l.push(r);
    else m.set(r.unitId, [r]);
  }
  return m;
}

/** Every alarm over a set of units (a unit and its subordinates, or a jurisdiction). */
export function computeAlarms(data: AlarmData): Alarm[] {
  const ledger = groupBy(data.ledger);
  const staff = groupBy(data.staff);
  const slips = groupBy(data.slips);
  const out: Alarm[] = [];
  for (const unit of data.units) {
    out.push(
      ...unitAlarms({
        unit,
        entries: ledger.get(unit.id) ?? [],
        staff: staff.get(unit.id) ?? [],
        slips: slips.get(unit.id) ?? [],
        departureFiled: data.departureFiled,
        today: data.today,
      }),
    );
  }
  out.push(...duplicateEnrollmentAlarms(data.staff));
  return out;
}
