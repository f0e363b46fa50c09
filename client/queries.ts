/**
 * Read-only answers for the screens, computed from the replica view with the domain rules.
 * Everything here works offline.
 */
import { computeAlarms, ALARM_KINDS, type Alarm } from '../domain/alarms';
import type {
  AlarmView,
  DepartedPage,
  LedgerView,
  PostRow,
  SlipView,
  StaffCard,
  StaffPage,
  StaffQuery,
  StaffRow,
  StatsView,
  SummaryView,
  UnitBrief,
  UnitInfo,
  UnitNode,
} from '../domain/contract/views';
import { slipIsLive, total, unusedSlots, type LedgerSummary } from '../domain/ledger';
import type { StaffMember, Unit } from '../domain/model';
import { EDUCATIONS } from '../domain/model';
import { LEADER_KINDS, POST_KEYS } from '../domain/posts';
import { retirementFor } from '../domain/retirement';
import { maskIdNumber } from '../domain/validation/id-number';
import type { Store } from '../db/index';
import type { ReplicaView } from './replica-view';

function ageOn(birthDate: string, today: string): number {
  const y = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) >= birthDate.slice(5) ? y : y - 1;
}

export function summaryView(s: LedgerSummary): SummaryView {
  const posts: PostRow[] = POST_KEYS.map((key) => ({ key, approved: s.approved[key], occupied: s.occupied[key], reserved: s.reserved[key], vacant: s.vacant[key] }));
  return {
    posts,
    totals: { approved: total(s.approved), occupied: total(s.occupied), reserved: total(s.reserved), vacant: total(s.vacant) },
    leaders: LEADER_KINDS.map((kind) => ({ kind, quota: s.leaders.quota[kind], used: s.leaders.used[kind] })),
  };
}

export function unitBrief(u: Unit): UnitBrief {
  return { id: u.id, name: u.name, kind: u.kind, rank: u.rank, fundingForm: u.fundingForm, creditCode: u.creditCode, supervisorUnitId: u.supervisorUnitId };
}

export function unitNodes(view: ReplicaView): UnitNode[] {
  const d = view.scope();
  return d.units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, supervisorUnitId: u.supervisorUnitId, staffCount: d.staffByUnit.get(u.id)?.length ?? 0 }));
}

export function unitInfo(store: Store, view: ReplicaView, unitId?: string): UnitInfo {
  const d = view.scope();
  const unit = (unitId && d.unitById.get(unitId)) || d.unit;
  const staff = d.staffByUnit.get(unit.id) ?? [];
  const counts = new Map<string, number>();
  for (const s of staff) if (s.divisionId) counts.set(s.divisionId, (counts.get(s.divisionId) ?? 0) + 1);
  const supervisor = unit.supervisorUnitId ? (d.unitById.get(unit.supervisorUnitId) ?? store.units.get(unit.supervisorUnitId)) : null;
  const ids = new Set(view.unitIds('subtree', unit.id));
  return {
    unit,
    bianbanName: store.units.getBianban(unit.bianbanId)?.name ?? '（未同步）',
    supervisor: supervisor ? { id: supervisor.id, name: supervisor.name } : null,
    divisions: d.divisions
      .filter((x) => x.unitId === unit.id && !x.abolished)
      .map((x) => ({ id: x.id, name: x.name, staffCount: counts.get(x.id) ?? 0 })),
    tree: unitNodes(view).filter((n) => ids.has(n.id)),
    offEstablishment: store.units.getOffEstablishment(unit.id).count,
  };
}

export function ledgerView(view: ReplicaView, scope: 'unit' | 'subtree', unitId?: string): LedgerView {
  const d = view.scope();
  const ids = view.unitIds(scope, unitId);
  const idSet = new Set(ids);
  return {
    entries: d.entries
      .filter((e) => idSet.has(e.unitId))
      .sort((a, b) => (a.date === b.date ? a.documentNo.localeCompare(b.documentNo) : a.date < b.date ? -1 : 1))
      .map((e) => ({ ...e, unitName: view.unitName(e.unitId) })),
    summary: summaryView(view.summaryOf(ids)),
    perUnit: ids.map((id) => {
      const v = summaryView(d.summaries.get(id)!);
      return { unitId: id, unitName: view.unitName(id), totals: v.totals, posts: v.posts };
    }),
  };
}

export function alarmViews(view: ReplicaView, departureFiled: ReadonlySet<string>, today: string, unitIds?: readonly string[]): AlarmView[] {
  const d = view.scope();
  const ids = new Set(unitIds ?? d.units.map((u) => u.id));
  const alarms: Alarm[] = computeAlarms({
    units: d.units.filter((u) => ids.has(u.id)),
    ledger: d.entries.filter((e) => ids.has(e.unitId)),
    staff: d.staff.filter((s) => ids.has(s.unitId)),
    slips: d.slips.filter((s) => ids.has(s.unitId)),
    departureFiled,
    today,
  });
  return alarms.map((a) => ({ ...a, unitName: view.unitName(a.unitId) }));
}

export function alarmCounts(alarms: readonly AlarmView[]) {
  const byKind = ALARM_KINDS.map((kind) => ({ kind, count: alarms.filter((a) => a.kind === kind).length })).filter((x) => x.count > 0);
  return { total: alarms.length, byKind, top: alarms.slice(0, 5) };
}

// ── staff ──

function staffRow(view: ReplicaView, s: StaffMember, today: string): StaffRow {
  const d = view.scope();
  return {
    id: s.id,
    unitId: s.unitId,
    unitName: view.unitName(s.unitId),
    divisionName: s.divisionId ? (d.divisionName.get(s.divisionId) ?? '') : '',
    name: s.name,
    sex: s.sex,
    birthDate: s.birthDate,
    age: Math.max(0, ageOn(s.birthDate, today)),
    idNumberMasked: maskIdNumber(s.idNumber),
    ethnicity: s.ethnicity,
    education: s.education,
    politicalStatus: s.politicalStatus,
    postKey: s.postKey,
    position: s.position,
    positionLevel: s.positionLevel,
    leaderKind: s.leaderKind,
    enrolledOn: s.enrolledOn,
  };
}

const collator = new Intl.Collator('zh-Hans-CN-u-co-pinyin');

/** Filters and sorts the scope's staff; results are cached per query so paging is a slice. */
export class StaffLists {
  private cache = new Map<string, StaffMember[]>();
  private version = -1;

  constructor(private readonly view: ReplicaView) {}

  private filtered(q: Omit<StaffQuery, 'offset' | 'limit'>): StaffMember[] {
    if (this.version !== this.view.currentVersion) {
      this.cache.clear();
      this.version = this.view.currentVersion;
    }
    const key = JSON.stringify([q.scope, q.unitId, q.text, q.postKey, q.sex, q.education, q.leadersOnly, q.sort, q.desc]);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const d = this.view.scope();
    const ids = new Set(this.view.unitIds(q.scope, q.unitId));
    const text = (q.text ?? '').trim().toUpperCase();
    let rows = d.staff.filter(
      (s) =>
        ids.has(s.unitId) &&
        (!q.postKey || s.postKey === q.postKey) &&
        (!q.sex || s.sex === q.sex) &&
        (!q.education || s.education === q.education) &&
        (!q.leadersOnly || s.leaderKind !== null) &&
        (text === '' || s.name.includes(text) || s.idNumber.includes(text) || s.position.includes(text)),
    );
    const sort = q.sort ?? 'name';
    const cmp: Record<string, (a: StaffMember, b: StaffMember) => number> = {
      name: (a, b) => collator.compare(a.name, b.name),
      birthDate: (a, b) => a.birthDate.localeCompare(b.birthDate),
      enrolledOn: (a, b) => a.enrolledOn.localeCompare(b.enrolledOn),
      unit: (a, b) => collator.compare(this.view.unitName(a.unitId), this.view.unitName(b.unitId)),
      postKey: (a, b) => POST_KEYS.indexOf(a.postKey) - POST_KEYS.indexOf(b.postKey),
    };
    const by = cmp[sort]!;
    rows = rows.sort((a, b) => by(a, b) || (a.id < b.id ? -1 : 1));
    if (q.desc) rows.reverse();
    if (this.cache.size > 20) this.cache.clear();
    this.cache.set(key, rows);
    return rows;
  }

  page(q: StaffQuery, today: string): StaffPage {
    const rows = this.filtered(q);
    return { total: rows.length, offset: q.offset, rows: rows.slice(q.offset, q.offset + q.limit).map((s) => staffRow(this.view, s, today)) };
  }

  all(q: Omit<StaffQuery, 'offset' | 'limit'>): StaffMember[] {
    return this.filtered(q);
  }

  search(text: string, limit: number, today: string): StaffRow[] {
    return this.filtered({ scope: 'subtree', text }).slice(0, limit).map((s) => staffRow(this.view, s, today));
  }

  row(s: StaffMember, today: string): StaffRow {
    return staffRow(this.view, s, today);
  }
}

export function staffCard(store: Store, view: ReplicaView, id: string, today: string, photo: string | null): StaffCard | null {
  const d = view.scope();
  const s = d.staffById.get(id);
  if (!s) return null;
  const r = retirementFor(s.birthDate, s.retirementCategory);
  return {
    staff: s,
    unitName: view.unitName(s.unitId),
    divisionName: s.divisionId ? (d.divisionName.get(s.divisionId) ?? '') : '',
    age: Math.max(0, ageOn(s.birthDate, today)),
    retirement: { month: r.month, label: r.label },
    notices: store.slips.listNoticesByUnit(s.unitId).filter((n) => n.staffId === s.id),
    photo,
  };
}

export function departedPage(view: ReplicaView, q: { scope: 'unit' | 'subtree'; unitId?: string; text?: string; offset: number; limit: number }): DepartedPage {
  const ids = new Set(view.unitIds(q.scope, q.unitId));
  const text = (q.text ?? '').trim().toUpperCase();
  const rows = view
    .departedStaff()
    .filter((s) => ids.has(s.unitId) && (text === '' || s.name.includes(text) || s.idNumber.includes(text)))
    .sort((a, b) => (a.departedOn === b.departedOn ? collator.compare(a.name, b.name) : a.departedOn < b.departedOn ? 1 : -1));
  return {
    total: rows.length,
    offset: q.offset,
    rows: rows.slice(q.offset, q.offset + q.limit).map((s) => ({ ...s, idNumber: maskIdNumber(s.idNumber), unitName: view.unitName(s.unitId) })),
  };
}

export function slipViews(view: ReplicaView, today: string): SlipView[] {
  return view
    .scope()
    .slips.map((s) => ({ ...s, unitName: view.unitName(s.unitId), live: slipIsLive(s, today), unused: unusedSlots(s) }))
    .sort((a, b) => (a.issuedOn < b.issuedOn ? 1 : a.issuedOn > b.issuedOn ? -1 : a.number.localeCompare(b.number)));
}

// ── statistics ──

const AGE_BANDS: [string, number, number][] = [
  ['30岁以下', 0, 29],
  ['30–34岁', 30, 34],
  ['35–39岁', 35, 39],
  ['40–44岁', 40, 44],
  ['45–49岁', 45, 49],
  ['50–54岁', 50, 54],
  ['55–59岁', 55, 59],
  ['60岁及以上', 60, 200],
];

function buckets(values: Iterable<string>, order?: readonly string[], top = 12): { key: string; count: number }[] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  let out = [...m.entries()].map(([key, count]) => ({ key, count }));
  if (order) out.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  else {
    out.sort((a, b) => b.count - a.count);
    if (out.length > top) {
      const rest = out.slice(top - 1).reduce((n, x) => n + x.count, 0);
      out = [...out.slice(0, top - 1), { key: '其他', count: rest }];
    }
  }
  return out;
}

export function statsView(view: ReplicaView, scope: 'unit' | 'subtree', today: string, unitId?: string): StatsView {
  const d = view.scope();
  const ids = view.unitIds(scope, unitId);
  const idSet = new Set(ids);
  const staff = d.staff.filter((s) => idSet.has(s.unitId));
  const pyramid = AGE_BANDS.map(([band]) => ({ band, male: 0, female: 0 }));
  for (const s of staff) {
    const age = ageOn(s.birthDate, today);
    const i = AGE_BANDS.findIndex(([, lo, hi]) => age >= lo && age <= hi);
    const b = pyramid[i < 0 ? 0 : i]!;
    if (s.sex === 'male') b.male++;
    else b.female++;
  }
  return {
    total: staff.length,
    agePyramid: pyramid,
    education: buckets(
      staff.map((s) => s.education),
      EDUCATIONS,
    ),
    postType: buckets(
      staff.map((s) => s.postKey),
      POST_KEYS,
    ).map((b) => ({ key: b.key, count: b.count })),
    positionLevel: buckets(staff.map((s) => s.positionLevel || '未定级')),
    ethnicity: buckets(staff.map((s) => s.ethnicity || '未填写')),
    bySubordinate:
      ids.length > 1
        ? ids.map((id) => {
            const s = d.summaries.get(id)!;
            return { unitId: id, unitName: view.unitName(id), approved: total(s.approved), occupied: total(s.occupied), vacant: total(s.vacant) };
          })
        : [],
  };
}

