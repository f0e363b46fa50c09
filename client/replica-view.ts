/**
 * The logged-in unit's slice of the replica, held in memory between changes. Screens ask for sums,
 * pages and charts over up to tens of thousands of staff; reading them once per change (not once per
 * screen) is what keeps a screen switch well under 200 ms. `invalidate()` is called whenever a pull
 * writes the replica.
 */
import type { Store } from '../db/index';
import type { PostUseSlip } from '../domain/forms';
import { ledgerSummary, sumSummaries, type LedgerSummary } from '../domain/ledger';
import type { DepartedStaffMember, Division, LedgerEntry, StaffMember, Unit } from '../domain/model';

export interface ScopeData {
  unit: Unit;
  /** The unit first, then its subordinates. */
  units: Unit[];
  unitById: Map<string, Unit>;
  divisionName: Map<string, string>;
  divisions: Division[];
  entries: LedgerEntry[];
  staff: StaffMember[];
  staffById: Map<string, StaffMember>;
  staffByUnit: Map<string, StaffMember[]>;
  slips: PostUseSlip[];
  summaries: Map<string, LedgerSummary>;
}

export class ReplicaView {
  private data: ScopeData | null = null;
  private departed: DepartedStaffMember[] | null = null;
  private version = 0;

  constructor(
    private readonly store: Store,
    readonly unitId: string,
    private readonly today: () => string,
  ) {}

  get currentVersion(): number {
    return this.version;
  }

  invalidate(): void {
    this.data = null;
    this.departed = null;
    this.version++;
  }

  scope(): ScopeData {
    if (this.data) return this.data;
    const units = this.store.units.subtree(this.unitId);
    const unit = units[0];
    if (!unit) throw new Error(`本地数据中没有本单位（${this.unitId}）的记录，请先同步`);
    const ids = units.map((u) => u.id);
    const staff: StaffMember[] = [];
    const staffByUnit = new Map<string, StaffMember[]>();
    const divisions: Division[] = [];
    const slips: PostUseSlip[] = [];
    for (const id of ids) {
      const list = this.store.staff.listByUnit(id);
      staffByUnit.set(id, list);
      for (const s of list) staff.push(s);
      divisions.push(...this.store.units.listDivisions(id));
      slips.push(...this.store.slips.listByUnit(id));
    }
    const entries = this.store.ledger.listByUnits(ids);
    const entriesByUnit = new Map<string, LedgerEntry[]>();
    for (const e of entries) {
      const l = entriesByUnit.get(e.unitId);
      if (l) l.push(e);
      else entriesByUnit.set(e.unitId, [e]);
    }
    const today = this.today();
    const summaries = new Map<string, LedgerSummary>();
    for (const id of ids) {
      summaries.set(
        id,
        ledgerSummary({ entries: entriesByUnit.get(id) ?? [], staff: staffByUnit.get(id) ?? [], slips: slips.filter((s) => s.unitId === id), today }),
      );
    }
    this.data = {
      unit,
      units,
      unitById: new Map(units.map((u) => [u.id, u])),
      divisionName: new Map(divisions.map((d) => [d.id, d.name])),
      divisions,
      entries,
      staff,
      staffById: new Map(staff.map((s) => [s.id, s])),
      staffByUnit,
      slips,
      summaries,
    };
    return this.data;
  }

  departedStaff(): DepartedStaffMember[] {
    if (this.departed) return this.departed;
    const out: DepartedStaffMember[] = [];
    for (const u of this.scope().units) out.push(...this.store.staff.listDepartedByUnit(u.id));
    this.departed = out;
    return out;
  }

  /** Unit ids a screen looks at: the unit alone or the unit with its subordinates. */
  unitIds(scope: 'unit' | 'subtree', unitId?: string): string[] {
    const d = this.scope();
    const root = unitId && d.unitById.has(unitId) ? unitId : d.unit.id;
    if (scope === 'unit') return [root];
    if (root === d.unit.id) return d.units.map((u) => u.id);
    const out = [root];
    for (let i = 0; i < out.length; i++) for (const u of d.units) if (u.supervisorUnitId === out[i]) out.push(u.id);
    return out;
  }

  summaryOf(unitIds: readonly string[]): LedgerSummary {
    const d = this.scope();
    return sumSummaries(unitIds.map((id) => d.summaries.get(id)!).filter(Boolean));
  }

  unitName(id: string): string {
    return this.scope().unitById.get(id)?.name ?? this.store.units.get(id)?.name ?? '（其他单位）';
  }
}
