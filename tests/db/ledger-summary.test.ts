import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ledgerSummaryForSubtree, loadSlice, openReplica } from '../../db';
import { generateSlice } from '../../domain/demo/seed';
import { ledgerSummary, sumSummaries } from '../../domain/ledger';

describe('ledger summary from the replica', () => {
  const asOf = '2026-11-23';
  const slice = generateSlice({ units: 60, staff: 3000, seed: 5, asOf });
  const store = openReplica(join(mkdtempSync(join(tmpdir(), 'ebz-sum-')), 'replica.sqlite'));
  loadSlice(store, slice);
  afterAll(() => store.close());

  it('gives a department the same totals as the domain arithmetic over its subtree', () => {
    const dept = slice.units.find((u) => slice.units.some((c) => c.supervisorUnitId === u.id))!;
    const ids = new Set([dept.id, ...slice.units.filter((u) => u.supervisorUnitId === dept.id).map((u) => u.id)]);
    const expected = sumSummaries(
      [...ids].map((id) =>
        ledgerSummary({
          entries: slice.ledger.filter((e) => e.unitId === id),
          staff: slice.staff.filter((s) => s.unitId === id),
          slips: slice.slips.filter((s) => s.unitId === id),
          today: asOf,
        }),
      ),
    );
    const got = ledgerSummaryForSubtree(store, dept.id, asOf);
    expect([...got.byUnit.keys()].sort()).toEqual([...ids].sort());
    expect(got.total).toEqual(expected);
    expect(Object.values(got.total.occupied).reduce((a, b) => a + b, 0)).toBe(slice.staff.filter((s) => ids.has(s.unitId)).length);
  });
});

describe('migration 0003 (staff post counts)', () => {
  it('lets the per-unit staff count read the covering index instead of the staff rows', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ebz-m3-')), 'replica.sqlite');
    openReplica(file).close();
    const db = new Database(file, { readonly: true });
    try {
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN SELECT unit_id, post_key, leader_kind, count(*) FROM staff
          WHERE unit_id IN (SELECT value FROM json_each(?)) GROUP BY unit_id, post_key, leader_kind`)
        .all('["a"]') as { detail: string }[];
      expect(plan.map((p) => p.detail).join('\n')).toMatch(/COVERING INDEX staff_post_counts/);
    } finally {
      db.close();
    }
  });
});
