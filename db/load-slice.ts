/**
 * Loads a demo slice (ebz seed output) into a replica in one transaction: for demos, tests and benchmarks.
 * Real replicas are filled by sync.
 */
import type { SeedFile } from '../domain/demo/seed';
import type { Store } from './open';

export function loadSlice(store: Store, slice: Omit<SeedFile, 'planted' | 'version' | 'seed' | 'asOf'>): void {
  store.transaction(() => {
    for (const b of slice.bianbans) store.units.upsertBianban(b);
    for (const u of slice.units) store.units.upsert(u);
    for (const d of slice.divisions) store.units.upsertDivision(d);
    for (const e of slice.ledger) store.ledger.upsert(e);
    store.staff.bulkUpsert(slice.staff);
    for (const d of slice.departedStaff) store.staff.upsertDeparted(d);
    for (const s of slice.slips) store.slips.upsert(s);
    for (const o of slice.offEstablishment) store.units.upsertOffEstablishment(o);
  });
}
