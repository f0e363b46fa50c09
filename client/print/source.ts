/**
 * Where printed data comes from: the local replica (a Store) in the app, or a demo slice for `--demo`.
 * Both answer the same questions, so every form is assembled by one code path and prints offline.
 */
import type { Store } from '../../db/index';
import type { SeedFile } from '../../domain/demo/seed';
import type { Notice, PostUseSlip } from '../../domain/forms';
import type { SealedForm } from '../../domain/forms/sealed-content';
import type { Bianban, DepartedStaffMember, Division, LedgerEntry, StaffMember, Unit } from '../../domain/model';
import type { AnyRequest } from '../../domain/requests';

export interface PrintSource {
  bianban(id: string): Bianban | null;
  unit(id: string): Unit | null;
  /** The unit first, then its subordinates. */
  subtree(unitId: string): Unit[];
  children(unitId: string): Unit[];
  divisions(unitId: string): Division[];
  ledger(unitId: string): LedgerEntry[];
  staff(unitId: string): StaffMember[];
  staffMember(id: string): StaffMember | null;
  departed(unitId: string): DepartedStaffMember[];
  departedMember(id: string): DepartedStaffMember | null;
  slips(unitId: string): PostUseSlip[];
  slip(number: string): PostUseSlip | null;
  notice(number: string): Notice | null;
  notices(unitId: string): Notice[];
  offEstablishment(unitId: string): number;
  /** Staff of these units with a departure request filed and not yet decided. */
  departureFiled(unitIds: readonly string[]): Set<string>;
  /** A request as last synced (drafts of issued forms print from it). */
  request(id: string): AnyRequest | null;
  /** The issued form's sealed content and signature, when the local copy has it. */
  sealedForm(number: string): SealedForm | null;
}

export type SealLookup = (number: string) => SealedForm | null;

const PENDING = ['submitted', 'supervisorReview', 'bianbanReview'] as const;

export function storeSource(store: Store, seals: SealLookup = () => null): PrintSource {
  return {
    bianban: (id) => store.units.getBianban(id),
    unit: (id) => store.units.get(id),
    subtree: (id) => store.units.subtree(id),
    children: (id) => store.units.children(id),
    divisions: (id) => store.units.listDivisions(id),
    ledger: (id) => store.ledger.listByUnit(id),
    staff: (id) => store.staff.listByUnit(id),
    staffMember: (id) => store.staff.get(id),
    departed: (id) => store.staff.listDepartedByUnit(id),
    departedMember: (id) => store.staff.getDeparted(id),
    slips: (id) => store.slips.listByUnit(id),
    slip: (n) => store.slips.get(n),
    notice: (n) => store.slips.getNotice(n),
    notices: (id) => store.slips.listNoticesByUnit(id),
    offEstablishment: (id) => store.units.getOffEstablishment(id).count,
    departureFiled(unitIds) {
      const out = new Set<string>();
      for (const u of unitIds) {
        for (const r of store.requests.listByUnit(u, { kinds: ['departure'], states: PENDING })) {
          if (r.kind === 'departure') out.add(r.payload.staffId);
        }
      }
      return out;
    },
    request: (id) => store.requests.get(id),
    sealedForm: seals,
  };
}

function index<T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const l = m.get(k);
    if (l) l.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** A demo slice plus the notices and sealed forms made for it (see demo.ts). */
export function sliceSource(slice: SeedFile, extra: { notices?: readonly Notice[]; requests?: readonly AnyRequest[]; seals?: SealLookup } = {}): PrintSource {
  const units = new Map(slice.units.map((u) => [u.id, u]));
  const children = index(slice.units.filter((u) => u.supervisorUnitId), (u) => u.supervisorUnitId!);
  const divisions = index(slice.divisions, (d) => d.unitId);
  const ledger = index(slice.ledger, (e) => e.unitId);
  const staff = index(slice.staff, (s) => s.unitId);
  const staffById = new Map(slice.staff.map((s) => [s.id, s]));
  const departed = index(slice.departedStaff, (s) => s.unitId);
  const departedById = new Map(slice.departedStaff.map((s) => [s.id, s]));
  const slips = index(slice.slips, (s) => s.unitId);
  const slipByNo = new Map(slice.slips.map((s) => [s.number, s]));
  const notices = extra.notices ?? [];
  const off = new Map(slice.offEstablishment.map((o) => [o.unitId, o.count]));
  const subtree = (id: string): Unit[] => {
    const u = units.get(id);
    if (!u) return [];
    const out = [u];
    for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]!.id) ?? []));
    return out;
  };
  return {
    bianban: (id) => slice.bianbans.find((b) => b.id === id) ?? null,
    unit: (id) => units.get(id) ?? null,
    subtree,
    children: (id) => children.get(id) ?? [],
    divisions: (id) => divisions.get(id) ?? [],
    ledger: (id) => ledger.get(id) ?? [],
    staff: (id) => staff.get(id) ?? [],
    staffMember: (id) => staffById.get(id) ?? null,
    departed: (id) => departed.get(id) ?? [],
    departedMember: (id) => departedById.get(id) ?? null,
    slips: (id) => slips.get(id) ?? [],
    slip: (n) => slipByNo.get(n) ?? null,
    notice: (n) => notices.find((x) => x.number === n) ?? null,
    notices: (id) => notices.filter((x) => x.unitId === id),
    offEstablishment: (id) => off.get(id) ?? 0,
    departureFiled: () => new Set(),
    request: (id) => extra.requests?.find((r) => r.id === id) ?? null,
    sealedForm: extra.seals ?? (() => null),
  };
}
