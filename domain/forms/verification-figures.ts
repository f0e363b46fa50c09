/**
 * The figures of a 机构和人员编制核查情况报告 (seed 001, attachment 3), computed from the records of a
 * department and its subordinate units. A figure the records cannot give (派出机构 sub-kinds, 街道乡镇,
 * approved non-leader positions, 吃空饷) is null: the printed report leaves a blank line for the unit to
 * fill in by hand rather than printing a made-up 0.
 */
import type { Alarm } from '../alarms';
import { ledgerSummary } from '../ledger';
import type { LedgerEntry, OffEstablishmentCount, StaffMember, Unit, UnitRank } from '../model';
import type { PostUseSlip } from '../forms';
import { LEADER_KINDS, POST_KEYS, type LeaderKind, type PostCounts } from '../posts';

export interface InstitutionCounts {
  /** 行政机构: organs and mass-organisation organs. */
  organs: number;
  /** 事业单位, including 参公事业单位, with the funding split. */
  institutions: number;
  institutionsFull: number;
  institutionsPartial: number;
  institutionsSelf: number;
  agencies: number;
  developmentZones: number;
  /** 街道、乡镇: not a unit kind in the records. */
  streetsTownships: number | null;
}

export interface PostFigures {
  /** 行政编制 including 政法专项编制 (as the report counts it). */
  administrative: number;
  politicoLegal: number;
  institutional: number;
  institutionalFull: number;
  institutionalPartial: number;
  institutionalSelf: number;
  serviceWorker: number;
  organOther: number;
}

export interface LeaderFigures {
  unitHead: number;
  unitDeputy: number;
  otherLeader: number;
  /** 内设机构领导: heads and deputies. */
  division: number;
  /** 县处级 and 乡科级 shares, derived from each unit's rank. */
  countyLevel: number;
  townshipLevel: number;
}

export interface VerificationFigures {
  approvedInstitutions: InstitutionCounts;
  /** Units actually set up: not abolished and with at least one person in establishment. */
  actualInstitutions: InstitutionCounts;
  approvedPosts: PostFigures;
  occupiedPosts: PostFigures;
  leaderQuota: LeaderFigures;
  leadersInPost: LeaderFigures;
  /** 非领导职数: the quota is not in the records. */
  nonLeaderQuota: { total: number | null; principal: number | null; deputy: number | null };
  nonLeaderInPost: { total: number; principal: number; deputy: number };
  offEstablishment: number;
  problems: {
    /** Sum over units and post kinds of (occupied + reserved − approved) where positive. */
    overEstablishment: number;
    overUnitLeaders: number;
    overDivisionLeaders: number;
    ghostPayroll: number | null;
    /** Alarms of the other kinds, for "其他问题" and the explanation section. */
    other: Alarm[];
    all: Alarm[];
  };
}

export interface VerificationInput {
  units: readonly Unit[];
  ledger: readonly LedgerEntry[];
  staff: readonly StaffMember[];
  slips: readonly PostUseSlip[];
  offEstablishment: readonly OffEstablishmentCount[];
  alarms: readonly Alarm[];
  today: string;
}

function emptyInstitutions(streets: number | null): InstitutionCounts {
  return { organs: 0, institutions: 0, institutionsFull: 0, institutionsPartial: 0, institutionsSelf: 0, agencies: 0, developmentZones: 0, streetsTownships: streets };
}

function countUnit(c: InstitutionCounts, u: Unit): void {
  switch (u.kind) {
    case 'organ':
    case 'massOrganisation':
      c.organs++;
      break;
    case 'institution':
    case 'civilServiceInstitution':
      c.institutions++;
      if (u.fundingForm === 'full') c.institutionsFull++;
      else if (u.fundingForm === 'partial') c.institutionsPartial++;
      else c.institutionsSelf++;
      break;
    case 'agency':
      c.agencies++;
      break;
    case 'developmentZone':
      c.developmentZones++;
      break;
  }
}

function postFigures(p: PostCounts): PostFigures {
  return {
    administrative: p.administrative + p.politicoLegal,
    politicoLegal: p.politicoLegal,
    institutional: p['institutional:full'] + p['institutional:partial'] + p['institutional:self'],
    institutionalFull: p['institutional:full'],
    institutionalPartial: p['institutional:partial'],
    institutionalSelf: p['institutional:self'],
    serviceWorker: p.serviceWorker,
    organOther: p.organOther,
  };
}

type Tier = 'county' | 'township' | null;

/** The cadre tier of a unit's own leaders, and of its divisions' leaders one step down. */
function tiers(rank: UnitRank): { unit: Tier; division: Tier } {
  if (rank === 'bureauFull' || rank === 'bureauDeputy') return { unit: null, division: 'county' };
  if (rank === 'divisionFull' || rank === 'divisionDeputy') return { unit: 'county', division: 'township' };
  if (rank === 'sectionFull' || rank === 'sectionDeputy') return { unit: 'township', division: null };
  return { unit: null, division: null };
}

function leaderFigures(): LeaderFigures {
  return { unitHead: 0, unitDeputy: 0, otherLeader: 0, division: 0, countyLevel: 0, townshipLevel: 0 };
}

function addLeaders(f: LeaderFigures, counts: Record<LeaderKind, number>, rank: UnitRank): void {
  const t = tiers(rank);
  for (const k of LEADER_KINDS) {
    const n = counts[k];
    const isDivision = k === 'divisionHead' || k === 'divisionDeputy';
    if (isDivision) f.division += n;
    else f[k] += n;
    const tier = isDivision ? t.division : t.unit;
    if (tier === 'county') f.countyLevel += n;
    else if (tier === 'township') f.townshipLevel += n;
  }
}

/**
 * 职务与职级并行 (2019): 一级、二级主任科员 take the place of the former 主任科员, 三级、四级主任科员
 * of the former 副主任科员 — the report's two non-leader columns.
 */
function nonLeaderClass(level: string): 'principal' | 'deputy' | null {
  if (/副主任科员/.test(level) || /^[三四]级主任科员/.test(level)) return 'deputy';
  if (/主任科员/.test(level)) return 'principal';
  return null;
}

export function verificationFigures(input: VerificationInput): VerificationFigures {
  const approvedInstitutions = emptyInstitutions(null);
  const actualInstitutions = emptyInstitutions(null);
  const approvedPosts = postFigures(Object.fromEntries(POST_KEYS.map((k) => [k, 0])) as PostCounts);
  const occupiedPosts = { ...approvedPosts };
  const leaderQuota = leaderFigures();
  const leadersInPost = leaderFigures();
  const nonLeaderInPost = { total: 0, principal: 0, deputy: 0 };
  let overEstablishment = 0;
  let overUnitLeaders = 0;
  let overDivisionLeaders = 0;

  const byUnit = <T extends { unitId: string }>(rows: readonly T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) (m.get(r.unitId) ?? m.set(r.unitId, []).get(r.unitId)!).push(r);
    return m;
  };
  const ledger = byUnit(input.ledger);
  const staff = byUnit(input.staff);
  const slips = byUnit(input.slips);

  for (const u of input.units) {
    if (u.abolished) continue;
    const unitStaff = staff.get(u.id) ?? [];
    countUnit(approvedInstitutions, u);
    if (unitStaff.length > 0) countUnit(actualInstitutions, u);
    const s = ledgerSummary({ entries: ledger.get(u.id) ?? [], staff: unitStaff, slips: slips.get(u.id) ?? [], today: input.today });
    const a = postFigures(s.approved);
    const o = postFigures(s.occupied);
    for (const k of Object.keys(a) as (keyof PostFigures)[]) {
      approvedPosts[k] += a[k];
      occupiedPosts[k] += o[k];
    }
    for (const k of POST_KEYS) overEstablishment += Math.max(0, s.occupied[k] + s.reserved[k] - s.approved[k]);
    addLeaders(leaderQuota, s.leaders.quota, u.rank);
    addLeaders(leadersInPost, s.leaders.used, u.rank);
    for (const k of LEADER_KINDS) {
      const over = Math.max(0, s.leaders.used[k] - s.leaders.quota[k]);
      if (k === 'divisionHead' || k === 'divisionDeputy') overDivisionLeaders += over;
      else overUnitLeaders += over;
    }
    for (const m of unitStaff) {
      if (m.leaderKind) continue;
      const c = nonLeaderClass(m.positionLevel);
      if (!c) continue;
      nonLeaderInPost.total++;
      nonLeaderInPost[c]++;
    }
  }

  const unitIds = new Set(input.units.map((u) => u.id));
  const offEstablishment = input.offEstablishment.filter((o) => unitIds.has(o.unitId)).reduce((t, o) => t + o.count, 0);
  const counted = new Set(['overEstablishment', 'overLeaderQuota']);
  return {
    approvedInstitutions,
    actualInstitutions,
    approvedPosts,
    occupiedPosts,
    leaderQuota,
    leadersInPost,
    nonLeaderQuota: { total: null, principal: null, deputy: null },
    nonLeaderInPost,
    offEstablishment,
    problems: {
      overEstablishment,
      overUnitLeaders,
      overDivisionLeaders,
      ghostPayroll: null,
      other: input.alarms.filter((a) => !counted.has(a.kind)),
      all: [...input.alarms],
    },
  };
}
