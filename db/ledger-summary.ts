/**
 * Ledger summaries straight from the replica: ledger entries and slips per unit, staff counted by SQL
 * (GROUP BY) rather than loaded, then the domain's arithmetic. A department's total covers its subtree.
 */
import { summaryFromCounts, sumSummaries, type LedgerSummary } from '../domain/ledger';
import type { LedgerEntry } from '../domain/model';
import type { Store } from './open';

export interface SubtreeSummary {
  byUnit: Map<string, LedgerSummary>;
  total: LedgerSummary;
}

export function ledgerSummaryForUnits(store: Store, unitIds: readonly string[], today: string): SubtreeSummary {
  const entries = new Map<string, LedgerEntry[]>();
  for (const id of unitIds) entries.set(id, []);
  for (const e of store.ledger.listByUnits(unitIds)) entries.get(e.unitId)?.push(e);
  const counts = store.staff.countsByUnits(unitIds);
  const byUnit = new Map<string, LedgerSummary>();
  for (const id of unitIds) {
    const c = counts.get(id)!;
    byUnit.set(id, summaryFromCounts({ entries: entries.get(id)!, occupied: c.occupied, leadersUsed: c.leadersUsed, slips: store.slips.listByUnit(id), today }));
  }
  return { byUnit, total: sumSummaries([...byUnit.values()]) };
}

/** A unit and everything under it (a supervising department's view). */
export function ledgerSummaryForSubtree(store: Store, unitId: string, today: string): SubtreeSummary {
  return ledgerSummaryForUnits(
    store,
    store.units.subtree(unitId).map((u) => u.id),
    today,
  );
}
