/**
 * Ledger summary of a supervising department over 100 subordinate units, read from the replica
 * (200 units, 50,000 staff): entries and slips per unit, staff counted with GROUP BY, domain arithmetic.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgerSummaryForSubtree, loadSlice, openReplica } from '../db';
import { generateSlice } from '../domain/demo/seed';
import { percentile, round, timeMs, type Figure } from './stats';

export async function run(): Promise<Figure[]> {
  const asOf = '2026-11-23';
  const slice = generateSlice({ units: 200, staff: 50_000, seed: 1, asOf });
  // make the first department the supervisor of 100 other units
  const dept = slice.units.find((u) => u.kind === 'organ')!;
  for (const u of slice.units.filter((x) => x.id !== dept.id).slice(0, 100)) u.supervisorUnitId = dept.id;
  const dir = mkdtempSync(join(tmpdir(), 'ebz-bench-ledger-'));
  const store = openReplica(join(dir, 'replica.sqlite'));
  try {
    const load = timeMs(() => loadSlice(store, slice));
    const samples: number[] = [];
    let staffCovered = 0;
    for (let i = 0; i < 100; i++) {
      const { ms, result } = timeMs(() => ledgerSummaryForSubtree(store, dept.id, asOf));
      samples.push(ms);
      staffCovered = Object.values(result.total.occupied).reduce((a, b) => a + b, 0);
    }
    return [
      { name: 'load demo slice into replica (200 units / 50,000 staff)', value: round(load.ms, 0), unit: 'ms' },
      { name: `replica ledger summary, department + 100 subordinates (${staffCovered} staff) p50`, value: round(percentile(samples, 50)), unit: 'ms', goal: '< 20 ms' },
      { name: 'replica ledger summary, department + 100 subordinates p99', value: round(percentile(samples, 99)), unit: 'ms' },
    ];
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
