import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idNumberCheckChar, maskIdNumber, validateIdNumber } from '../../../domain/validation/id-number';

const TODAY = '2026-05-01';

/** Builds a valid number from parts, so invalid cases differ from a valid one in exactly one place. */
function make(region: string, birth: string, seq: string): string {
  const first17 = region + birth + seq;
  return first17 + idNumberCheckChar(first17);
}

describe('validateIdNumber — refused', () => {
  const cases: [string, string, RegExp][] = [
    ['wrong check digit', '110105194912310025', /校验码应为 X，实际为 5/],
    ['17 characters', '11010519491231002', /应为 18 位，实际为 17 位/],
    ['19 characters', '11010519491231002X1', /应为 18 位，实际为 19 位/],
    ['old 15-digit number', '110105491231002', /实际为 15 位.*旧版/],
    ['empty', '   ', /不能为空/],
    ['letter among the first 17', '1101051949123100AX', /第 17 位“A”不是数字/],
    ['bad last character', '11010519491231002Y', /第 18 位（校验码）只能是数字或 X，实际为“Y”/],
    ['bad region code 99', make('990105', '19491231', '002'), /前两位“99”不是有效的省级行政区划代码/],
    ['bad region code 00', make('000105', '19491231', '002'), /前两位“00”/],
    ['30 February', make('110105', '19490230', '002'), /出生日期“19490230”无效.*1949年2月没有30日/],
    ['29 February in a common year', make('110105', '19010229', '002'), /1901年2月没有29日/],
    ['month 13', make('110105', '19491301', '002'), /月份 13 不存在/],
    ['future birth date', make('110105', '20260502', '002'), /出生日期 2026-05-02 晚于今天（2026-05-01）/],
    ['born before 1900', make('110105', '18991231', '002'), /出生日期 1899-12-31 早于 1900-01-01/],
  ];
  it.each(cases)('%s', (_name, input, message) => {
    const r = validateIdNumber(input, TODAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.field).toBe('idNumber');
    expect(r.error).toMatch(/^身份证号：/);
    expect(r.error).toMatch(message);
  });
});

describe('validateIdNumber — accepted', () => {
  it('reads birth date, sex and region from 11010519491231002X', () => {
    expect(validateIdNumber('11010519491231002X', TODAY)).toEqual({
      ok: true,
      value: { idNumber: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', regionCode: '110105' },
      warnings: [],
    });
  });
  it('normalises lower-case x, spaces and full-width digits', () => {
    const r = validateIdNumber(' １１0105 19491231 002x ', TODAY);
    expect(r.ok && r.value.idNumber).toBe('11010519491231002X');
  });
  it('odd 17th digit is male', () => {
    const r = validateIdNumber(make('440301', '19900101', '123'), TODAY);
    expect(r.ok && r.value.sex).toBe('male');
  });
  it('accepts birth on today and on 1900-01-01, and 29 February in a leap year', () => {
    for (const birth of ['20260501', '19000101', '20000229']) {
      expect(validateIdNumber(make('370102', birth, '010'), TODAY).ok).toBe(true);
    }
  });
});

describe('idNumberCheckChar and maskIdNumber', () => {
  it('computes X for the standard example and 0–9 otherwise', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(idNumberCheckChar('44052418800101001')).toBe('4');
  });
  it('refuses non-17-digit input as a programming error', () => {
    expect(() => idNumberCheckChar('1234')).toThrow();
  });
  it('masks birth date and sequence', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('123')).toBe('***');
  });
});

const PROVINCES = ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82'];
const validFirst17 = fc
  .tuple(
    fc.constantFrom(...PROVINCES),
    fc.stringMatching(/^\d{4}$/),
    fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true }),
    fc.stringMatching(/^\d{3}$/),
  )
  .map(([p, r, d, s]) => p + r + d.toISOString().slice(0, 10).replaceAll('-', '') + s);

describe('validateIdNumber — properties', () => {
  it('any valid region, real past date and computed check char is accepted with the right sex', () => {
    fc.assert(
      fc.property(validFirst17, (f) => {
        const r = validateIdNumber(f + idNumberCheckChar(f), TODAY);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.value.sex).toBe(Number(f[16]) % 2 ? 'male' : 'female');
      }),
    );
  });
  it('changing any one character of a valid number is refused', () => {
    fc.assert(
      fc.property(validFirst17, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (f, pos, shift) => {
        const id = f + idNumberCheckChar(f);
        const alphabet = pos === 17 ? '0123456789X' : '0123456789';
        const current = alphabet.indexOf(id[pos]!);
        const replacement = alphabet[(current + shift) % alphabet.length]!;
        fc.pre(replacement !== id[pos]);
        const changed = id.slice(0, pos) + replacement + id.slice(pos + 1);
        expect(validateIdNumber(changed, TODAY).ok).toBe(false);
      }),
    );
  });
});
