/**
 * 监督检查 and 统计 over the reviewer's replica, which holds every unit of the jurisdiction (the server's
 * pull hands a reviewer all of it). Pure reads: the caller pulls first so the figures are current.
 */
import type { Store } from '../../db/index';
import { ALARM_KINDS, computeAlarms } from '../../domain/alarms';
import type { JurisdictionStats, StatsGroup, Supervision } from '../../domain/contract/reviewer-ledger';
import { isAwaitingDecision } from '../../domain/request-state';
import { ledgerSummary } from '../../domain/ledger';
import { UNIT_KINDS, UNIT_KIND_LABELS, UNIT_RANKS, UNIT_RANK_LABELS, type LedgerEntry, type StaffMember, type Unit } from '../../domain/model';
import type { PostUseSlip } from '../../domain/forms';
import { FUNDINGS, FUNDING_LABELS, POST_KEYS, POST_KEY_LABELS } from '../../domain/posts';

interface Data {
  units: Unit[];
  ledger: LedgerEntry[];
  staff: StaffMember[];
  slips: PostUseSlip[];
}

/** Live units of the jurisdiction with their records (abolished units hold nothing any more). */
function jurisdictionData(store: Store): Data {
  const units = store.units.listAll().filter((u) => !u.abolished);
  const ids = units.map((u) => u.id);
  return {
    units,
    ledger: store.ledger.listByUnits(ids),
    staff: units.flatMap((u) => store.staff.listByUnit(u.id)),
    slips: units.flatMap((u) => store.slips.listByUnit(u.id)),
  };
}

export function supervision(store: Store, today: string, syncedAt: string | null): Supervision {
  const d = jurisdictionData(store);
  const departureFiled = new Set<string>();
  for (const u of d.units) {
    for (const r of store.requests.listByUnit(u.id, { kinds: ['departure'] })) {
      if (isAwaitingDecision(r.state)) departureFiled.add((r.payload as { staffId: string }).staffId);
    }
  }
  const names = new Map(d.units.map((u) => [u.id, u.name]));
  const alarms = computeAlarms({ ...d, departureFiled, today })
    .map((a) => ({ ...a, unitName: names.get(a.unitId) ?? a.unitId }))
    .sort((a, b) => ALARM_KINDS.indexOf(a.kind) - ALARM_KINDS.indexOf(b.kind) || a.unitName.localeCompare(b.unitName, 'zh-CN'));
  return { today, unitCount: d.units.length, alarms, syncedAt };
}

export function jurisdictionStats(store: Store, today: string, bianbanName: string): JurisdictionStats {
  const d = jurisdictionData(store);
  const by = <T>(xs: T[], key: (x: T) => string) => {
    const m = new Map<string, T[]>();
    for (const x of xs) m.set(key(x), [...(m.get(key(x)) ?? []), x]);
    return m;
  };
  const ledger = by(d.ledger, (e) => e.unitId);
  const staff = by(d.staff, (s) => s.unitId);
  const slips = by(d.slips, (s) => s.unitId);
  const units = d.units
    .map((u) => {
      const s = ledgerSummary({ entries: ledger.get(u.id) ?? [], staff: staff.get(u.id) ?? [], slips: slips.get(u.id) ?? [], today });
      const posts = Object.fromEntries(POST_KEYS.map((k) => [k, { approved: s.approved[k], occupied: s.occupied[k], vacant: s.vacant[k] }]));
      return { unitId: u.id, unitName: u.name, kind: u.kind, rank: u.rank, fundingForm: u.fundingForm, posts };
    })
    .sort((a, b) => UNIT_KINDS.indexOf(a.kind) - UNIT_KINDS.indexOf(b.kind) || a.unitName.localeCompare(b.unitName, 'zh-CN'));
  const sum = (rows: typeof units, keys: readonly string[] = POST_KEYS) => {
    const f = { units: rows.length, approved: 0, occupied: 0, vacant: 0 };
    for (const r of rows) for (const k of keys) {
      const p = r.posts[k]!;
      f.approved += p.approved;
      f.occupied += p.occupied;
      f.vacant += p.vacant;
    }
    return f;
  };
  const group = <K extends string>(keys: readonly K[], labels: Record<K, string>, of: (r: (typeof units)[number]) => string): StatsGroup[] =>
    keys.map((k) => ({ key: k, label: labels[k], ...sum(units.filter((r) => of(r) === k)) })).filter((g) => g.units > 0);
  return {
    bianbanName,
    today,
    totals: sum(units),
    byPostKey: POST_KEYS.map((k) => ({ key: k, label: POST_KEY_LABELS[k], ...sum(units, [k]), units: units.filter((u) => u.posts[k]!.approved > 0 || u.posts[k]!.occupied > 0).length })),
    byUnitKind: group(UNIT_KINDS, UNIT_KIND_LABELS, (r) => r.kind),
    byRank: group(UNIT_RANKS, UNIT_RANK_LABELS, (r) => r.rank),
    byFunding: group(FUNDINGS, FUNDING_LABELS, (r) => r.fundingForm),
    units,
  };
}
