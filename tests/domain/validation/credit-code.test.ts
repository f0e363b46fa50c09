import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_CHARSET, creditCodeCheckChar, validateCreditCode } from '../../../domain/validation/credit-code';

describe('validateCreditCode — refused', () => {
  const cases: [string, string, RegExp][] = [
    ['wrong check character', '91350100M000100Y44', /校验码应为 3，实际为 4/],
    ['17 characters', '91350100M000100Y4', /应为 18 位，实际为 17 位/],
    ['empty', '', /不能为空/],
    ['letter O outside the charset', '91350100M000100O43', /第 16 位字母“O”不在 GB 32100 允许的字符中.*是否应为数字 0/],
    ['letter I outside the charset', 'I1350100M000100Y43', /第 1 位字母“I”.*是否应为数字 1/],
    ['letter V outside the charset', '91350100V000100Y43', /第 9 位字母“V”不在 GB 32100/],
    ['punctuation', '91350100-000100Y43', /第 9 位“-”不是允许的字符/],
    ['letter in the region code', '9135A100M000100Y43', /第 3–8 位.*必须是数字，实际为“35A100”/],
  ];
  it.each(cases)('%s', (_name, input, message) => {
    const r = validateCreditCode(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.field).toBe('creditCode');
    expect(r.error).toMatch(/^统一社会信用代码：/);
    expect(r.error).toMatch(message);
  });
});

describe('validateCreditCode — accepted', () => {
  it('accepts the GB 32100 example 91350100M000100Y43', () => {
    expect(validateCreditCode('91350100M000100Y43')).toEqual({ ok: true, value: '91350100M000100Y43', warnings: [] });
  });
  it('upper-cases and trims', () => {
    const r = validateCreditCode(' 91350100m000100y43 ');
    expect(r.ok && r.value).toBe('91350100M000100Y43');
  });
  it('maps a computed 31 to check character 0', () => {
    // Find a prefix whose weighted sum is 0 mod 31 by adjusting the last character.
    const base = '12370000MB000000';
    const code = [...CREDIT_CODE_CHARSET].map((c) => base + c).find((f) => creditCodeCheckChar(f) === '0');
    expect(code).toBeDefined();
    expect(validateCreditCode(`${code}0`).ok).toBe(true);
  });
});

const charsetChar = fc.constantFrom(...CREDIT_CODE_CHARSET);
const validFirst17 = fc
  .tuple(fc.array(charsetChar, { minLength: 2, maxLength: 2 }), fc.stringMatching(/^\d{6}$/), fc.array(charsetChar, { minLength: 9, maxLength: 9 }))
  .map(([a, region, b]) => a.join('') + region + b.join(''));

describe('validateCreditCode — properties', () => {
  it('any 17 charset characters with a numeric region plus the computed check char is accepted', () => {
    fc.assert(
      fc.property(validFirst17, (f) => {
        expect(validateCreditCode(f + creditCodeCheckChar(f)).ok).toBe(true);
      }),
    );
  });
  it('substituting any one character is refused', () => {
    fc.assert(
      fc.property(validFirst17, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (f, pos, shift) => {
        const code = f + creditCodeCheckChar(f);
        const replacement = CREDIT_CODE_CHARSET[(CREDIT_CODE_CHARSET.indexOf(code[pos]!) + shift) % 31]!;
        const changed = code.slice(0, pos) + replacement + code.slice(pos + 1);
        expect(validateCreditCode(changed).ok).toBe(false);
      }),
    );
  });
});
