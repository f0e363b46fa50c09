/** Domain figures: generating the demo slice, and the ledger summary of a department over 100 subordinates. */
import { generateSlice } from '../domain/demo/seed';
import { ledgerSummary, sumSummaries } from '../domain/ledger';
import { percentile, round, timeMs, type Figure } from './stats';

export async function run(): Promise<Figure[]> {
  const asOf = '2026-11-23';
  const { ms: seedMs, result: slice } = timeMs(() => generateSlice({ units: 200, staff: 50_000, seed: 1, asOf }));

  // A department with 100 subordinate units: group once (as the replica query does), then summarise.
  const units = slice.units.slice(0, 101);
  const ids = new Set(units.map((u) => u.id));
  const entries = slice.ledger.filter((e) => ids.has(e.unitId));
  const staff = slice.staff.filter((s) => ids.has(s.unitId));
  const slips = slice.slips.filter((s) => ids.has(s.unitId));
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) {
    samples.push(
      timeMs(() => {
        const byUnit = new Map<string, { entries: typeof entries; staff: typeof staff; slips: typeof slips }>();
        for (const u of units) byUnit.set(u.id, { entries: [], staff: [], slips: [] });
        for (const e of entries) byUnit.get(e.unitId)!.entries.push(e);
        for (const s of staff) byUnit.get(s.unitId)!.staff.push(s);
        for (const s of slips) byUnit.get(s.unitId)!.slips.push(s);
        return sumSummaries([...byUnit.values()].map((u) => ledgerSummary({ ...u, today: asOf })));
      }).ms,
    );
  }
  return [
    { name: 'seed 200 units / 50,000 staff', value: round(seedMs, 0), unit: 'ms' },
    { name: `ledger summary, department + 100 subordinates (${staff.length} staff) p50`, value: round(percentile(samples, 50)), unit: 'ms', goal: '< 20 ms' },
    { name: 'ledger summary, department + 100 subordinates p99', value: round(percentile(samples, 99)), unit: 'ms' },
  ];
}
