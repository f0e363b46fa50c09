/**
 * Fills a replica straight from a demo slice (domain/demo/seed.ts) — for tests, benchmarks and the
 * offline demo, where there is no server to pull from. Goes through the same applyChanges path as a
 * pull, so the rows are checked the same way.
 */
import type { ReplicaChange, Store } from '../db/index';
import type { SeedFile } from '../domain/demo/seed';

function sliceChanges(slice: SeedFile): ReplicaChange[] {
  const up = <T extends ReplicaChange['table']>(table: T, rows: readonly unknown[]) => rows.map((row) => ({ table, op: 'upsert', row }) as ReplicaChange);
  return [
    ...up('bianbans', slice.bianbans),
    ...up('units', slice.units),
    ...up('divisions', slice.divisions),
    ...up('ledger_entries', slice.ledger),
    ...up('staff', slice.staff),
    ...up('departed_staff', slice.departedStaff),
    ...up('slips', slice.slips),
    ...up('off_establishment', slice.offEstablishment),
  ];
}

/** Writes the slice in one transaction, cursor untouched (the server has not been asked yet). */
export function seedReplica(store: Store, slice: SeedFile): void {
  store.applyChanges(sliceChanges(slice));
}

/** The department with the most subordinates: the richest unit for a demo. */
export function demoUnit(slice: SeedFile): string {
  const kids = new Map<string, number>();
  for (const u of slice.units) if (u.supervisorUnitId) kids.set(u.supervisorUnitId, (kids.get(u.supervisorUnitId) ?? 0) + 1);
  let best = slice.units[0]!.id;
  for (const [id, n] of kids) if (n > (kids.get(best) ?? 0)) best = id;
  return best;
}
