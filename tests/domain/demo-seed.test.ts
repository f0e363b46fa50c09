import { describe, expect, it } from 'vitest';
import { computeAlarms, ALARM_KINDS } from '../../domain/alarms';
import { generateSlice, type SeedFile } from '../../domain/demo/seed';
import { approvedPosts } from '../../domain/ledger';
import { validateCreditCode } from '../../domain/validation/credit-code';
import { validateIdNumber } from '../../domain/validation/id-number';
import { isPastRetirement } from '../../domain/retirement';

const asOf = '2026-11-23';
const key = (a: { kind: string; unitId: string; subject: string | null }) => `${a.kind}|${a.unitId}|${a.subject}`;
function alarmsOf(s: SeedFile) {
  return computeAlarms({ units: s.units, ledger: s.ledger, staff: s.staff, slips: s.slips, departureFiled: new Set(), today: s.asOf });
}

describe('demo slice', () => {
  const slice = generateSlice({ units: 120, staff: 6000, seed: 3, asOf });

  it('is the same for the same seed and different for another', () => {
    expect(JSON.stringify(generateSlice({ units: 120, staff: 6000, seed: 3, asOf }))).toBe(JSON.stringify(slice));
    expect(generateSlice({ units: 120, staff: 6000, seed: 4, asOf }).staff[0]!.idNumber).not.toBe(slice.staff[0]!.idNumber);
  });

  it('has the requested size and a province → city → county hierarchy', () => {
    expect(slice.units).toHaveLength(120);
    expect(slice.staff).toHaveLength(6000);
    const levels = new Set(slice.bianbans.map((b) => b.level));
    expect([...levels].sort()).toEqual(['city', 'county', 'province']);
    const ids = new Set(slice.units.map((u) => u.id));
    for (const u of slice.units) if (u.supervisorUnitId) expect(ids.has(u.supervisorUnitId)).toBe(true);
    expect(slice.units.some((u) => u.supervisorUnitId)).toBe(true);
    expect(new Set(slice.units.map((u) => u.name)).size).toBe(slice.units.length);
  });

  it('gives every person a valid, unique-but-planted ID number matching birth date and sex', () => {
    const seen = new Map<string, number>();
    for (const s of [...slice.staff, ...slice.departedStaff]) {
      const r = validateIdNumber(s.idNumber, asOf);
      expect(r.ok, `${s.idNumber}: ${r.ok ? '' : r.error}`).toBe(true);
      if (r.ok) {
        expect(r.value.birthDate).toBe(s.birthDate);
        expect(r.value.sex).toBe(s.sex);
      }
      seen.set(s.idNumber, (seen.get(s.idNumber) ?? 0) + 1);
    }
    const dupes = [...seen.values()].filter((n) => n > 1).length;
    expect(dupes).toBe(slice.planted.filter((p) => p.kind === 'duplicateEnrollment').length / 2);
  });

  it('gives every unit a valid credit code', () => {
    for (const u of slice.units) expect(validateCreditCode(u.creditCode).ok, u.creditCode).toBe(true);
  });

  it('keeps ordinary staff within working age', () => {
    const plantedPeople = new Set(slice.planted.map((p) => p.subject));
    for (const s of slice.staff) if (!plantedPeople.has(s.id)) expect(isPastRetirement(s.birthDate, s.retirementCategory, asOf)).toBe(false);
  });

  it('has ledgers that approve at least the posts in use, except where over establishment is planted', () => {
    const over = new Set(slice.planted.filter((p) => p.kind === 'overEstablishment').map((p) => p.unitId));
    for (const u of slice.units) {
      const approved = approvedPosts(slice.ledger.filter((e) => e.unitId === u.id));
      const staff = slice.staff.filter((s) => s.unitId === u.id);
      const main = staff[0]?.postKey;
      if (main && !over.has(u.id)) expect(approved[main]).toBeGreaterThanOrEqual(staff.filter((s) => s.postKey === main).length);
    }
  });

  it('plants cases of every alarm kind, and the alarm rules find exactly those', () => {
    for (const seed of [1, 2, 3]) {
      const s = seed === 3 ? slice : generateSlice({ units: 120, staff: 6000, seed, asOf });
      expect(new Set(s.planted.map((p) => p.kind))).toEqual(new Set(ALARM_KINDS));
      const found = new Set(alarmsOf(s).map(key));
      expect([...found].sort()).toEqual([...new Set(s.planted.map(key))].sort());
    }
  });

  it('works at any size: small slices, many leaders per unit, candidate counts that are multiples of 7', () => {
    for (const [units, staff] of [[40, 600], [100, 2000], [300, 3000], [10, 100], [25, 1000], [1, 5]] as const) {
      for (const seed of [1, 7, 12]) {
        const s = generateSlice({ units, staff, seed, asOf });
        expect(s.staff).toHaveLength(staff);
        expect(new Set(alarmsOf(s).map(key))).toEqual(new Set(s.planted.map(key)));
      }
    }
  });

  it('refuses nonsense sizes with a Chinese message', () => {
    expect(() => generateSlice({ units: 0, staff: 10, seed: 1, asOf })).toThrow('单位数');
    expect(() => generateSlice({ units: 5, staff: 10, seed: 1, asOf: '2026/11/23' })).toThrow('YYYY-MM-DD');
  });
});
