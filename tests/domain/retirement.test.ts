import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RetirementCategory } from '../../domain/model';
import {
  isPastRetirement,
  retirementCategoryFor,
  retirementDelayMonths,
  retirementFor,
} from '../../domain/retirement';

describe('retirementFor — refused input', () => {
  it.each<[string, RegExp]>([
    ['1965', /格式不正确，应为 YYYY-MM 或 YYYY-MM-DD/],
    ['1965-13', /月份 13 不存在/],
    ['65-01', /格式不正确/],
    ['1899-12', /早于 1900 年/],
  ])('%j', (birth, message) => {
    expect(() => retirementFor(birth, 'male')).toThrow(message);
  });
  it('refuses an unknown category', () => {
    expect(() => retirementFor('1970-01', 'female' as RetirementCategory)).toThrow(/退休类别：“female”无效/);
  });
});

describe('retirementFor — the agreed examples', () => {
  it.each<[string, RetirementCategory, string, string]>([
    ['1965-01', 'male', '2025-02', '60岁1个月'],
    ['1975-01', 'female-50', '2025-02', '50岁1个月'],
    ['1981-12', 'female-55', '2039-12', '58岁'],
    ['1976-12', 'male', '2039-12', '63岁'],
    ['1964-12', 'male', '2024-12', '60岁'],
  ])('%s %s → %s %s', (birth, category, month, label) => {
    expect(retirementFor(birth, category)).toMatchObject({ month, label });
  });
});

describe('retirementFor — both ends and months between', () => {
  it.each<[RetirementCategory, string, number]>([
    // men: +1 month per 4 birth months from 1965-01, capped at 36
    ['male', '1964-12', 0],
    ['male', '1965-01', 1],
    ['male', '1965-04', 1],
    ['male', '1965-05', 2],
    ['male', '1970-12', 18],
    ['male', '1976-08', 35],
    ['male', '1976-09', 36],
    ['male', '1980-01', 36],
    // women cadres: same rate from 1970-01
    ['female-55', '1969-12', 0],
    ['female-55', '1970-01', 1],
    ['female-55', '1970-04', 1],
    ['female-55', '1970-05', 2],
    ['female-55', '1981-08', 35],
    ['female-55', '1981-09', 36],
    ['female-55', '1990-06', 36],
    // women workers: +1 month per 2 birth months from 1975-01, capped at 60
    ['female-50', '1974-12', 0],
    ['female-50', '1975-01', 1],
    ['female-50', '1975-02', 1],
    ['female-50', '1975-03', 2],
    ['female-50', '1984-10', 59],
    ['female-50', '1984-11', 60],
    ['female-50', '1985-06', 60],
  ])('%s born %s: +%i months', (category, birth, delay) => {
    expect(retirementDelayMonths(birth, category)).toBe(delay);
    const base = { male: 60, 'female-55': 55, 'female-50': 50 }[category];
    expect(retirementFor(birth, category).ageMonths).toBe(base * 12 + delay);
  });

  it('takes a full date and ignores the day', () => {
    expect(retirementFor('1965-01-31', 'male')).toEqual(retirementFor('1965-01', 'male'));
    expect(retirementFor('1984-10-01', 'female-50')).toEqual({ month: '2039-09', ageMonths: 659, label: '54岁11个月' });
  });
});

const birthMonth = fc
  .tuple(fc.integer({ min: 1930, max: 2005 }), fc.integer({ min: 1, max: 12 }))
  .map(([y, m]) => ({ y, m, s: `${y}-${String(m).padStart(2, '0')}` }));
const category = fc.constantFrom<RetirementCategory>('male', 'female-50', 'female-55');
const next = (y: number, m: number) => (m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`);

describe('retirementFor — properties', () => {
  it('is monotonic: a later birth month never retires earlier or younger', () => {
    fc.assert(
      fc.property(birthMonth, category, ({ y, m, s }, c) => {
        const a = retirementFor(s, c);
        const b = retirementFor(next(y, m), c);
        expect(b.ageMonths).toBeGreaterThanOrEqual(a.ageMonths);
        expect(b.month > a.month).toBe(true);
      }),
    );
  });
  it('retirement month is birth month plus age, and the age is within the statutory range', () => {
    fc.assert(
      fc.property(birthMonth, category, ({ y, m, s }, c) => {
        const r = retirementFor(s, c);
        const [ry, rm] = r.month.split('-').map(Number) as [number, number];
        expect(ry * 12 + rm - (y * 12 + m)).toBe(r.ageMonths);
        const [lo, hi] = { male: [720, 756], 'female-55': [660, 696], 'female-50': [600, 660] }[c];
        expect(r.ageMonths).toBeGreaterThanOrEqual(lo!);
        expect(r.ageMonths).toBeLessThanOrEqual(hi!);
      }),
    );
  });
});

describe('isPastRetirement', () => {
  it('turns true the day after the retirement month ends', () => {
    // born 1965-01 (male) retires in 2025-02
    expect(isPastRetirement('1965-01-15', 'male', '2025-01-31')).toBe(false);
    expect(isPastRetirement('1965-01-15', 'male', '2025-02-28')).toBe(false);
    expect(isPastRetirement('1965-01-15', 'male', '2025-03-01')).toBe(true);
    expect(isPastRetirement('1964-12-01', 'male', '2025-01-01')).toBe(true);
  });
});

describe('retirementCategoryFor', () => {
  it('men are male whatever the post; women on 工勤编制 are workers, other women cadres', () => {
    expect(retirementCategoryFor('male', 'serviceWorker')).toBe('male');
    expect(retirementCategoryFor('male', 'administrative')).toBe('male');
    expect(retirementCategoryFor('female', 'serviceWorker')).toBe('female-50');
    expect(retirementCategoryFor('female', 'administrative')).toBe('female-55');
    expect(retirementCategoryFor('female', 'institutional:full')).toBe('female-55');
  });
});
