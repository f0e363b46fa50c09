import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FORM_NUMBER_PATTERNS,
  formNumberPatternFor,
  formatFormNumber,
  parseFormNumber,
  validateFormNumberPattern,
} from '../../domain/form-number';

describe('validateFormNumberPattern — refused', () => {
  it.each<[string, RegExp]>([
    ['{issuer}用〔2026〕{seq:4}号', /必须且只能包含一个年份占位符 \{year\}/],
    ['{issuer}用〔{year}〕号', /必须且只能包含一个序号占位符/],
    ['{issuer}〔{year}〕{seq}-{seq:3}号', /必须且只能包含一个序号占位符/],
    ['{issuer}〔{year}〕{n:4}号', /无法识别的占位符“\{n:4\}”/],
    ['{issuer}〔{year}〕{seq:0}号', /无法识别的占位符“\{seq:0\}”/],
    ['{issuer}〔{year}〕{seq:4号', /花括号不成对/],
    ['{issuer}{issuer}〔{year}〕{seq}号', /\{issuer\} 最多出现一次/],
    ['{issuer}用{year}{seq:4}号', /\{year\} 与 \{seq\} 之间需要分隔文字/],
  ])('%j', (pattern, message) => {
    const r = validateFormNumberPattern(pattern);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.field).toBe('formNumberPattern');
      expect(r.error).toMatch(/^表单编号格式：/);
      expect(r.error).toMatch(message);
    }
    expect(() => formatFormNumber(pattern, { issuer: '某机编', year: 2026, seq: 1 })).toThrow(message);
  });
});

describe('formatFormNumber / parseFormNumber', () => {
  it('formats the example from the issue', () => {
    expect(formatFormNumber('{issuer}用〔{year}〕{seq:4}号', { issuer: '某机编', year: 2026, seq: 12 })).toBe('某机编用〔2026〕0012号');
  });
  it('has 用 / 入 / 出 defaults, one per form kind, and lets a bianban override one', () => {
    const parts = { issuer: '泰机编', year: 2026, seq: 7 };
    expect(formatFormNumber(DEFAULT_FORM_NUMBER_PATTERNS.postUseSlip, parts)).toBe('泰机编用〔2026〕0007号');
    expect(formatFormNumber(DEFAULT_FORM_NUMBER_PATTERNS.enrollmentNotice, parts)).toBe('泰机编入〔2026〕0007号');
    expect(formatFormNumber(DEFAULT_FORM_NUMBER_PATTERNS.departureNotice, parts)).toBe('泰机编出〔2026〕0007号');
    const overrides = { enrollmentNotice: '{issuer}编入字〔{year}〕第{seq}号' };
    expect(formNumberPatternFor('enrollmentNotice', overrides)).toBe(overrides.enrollmentNotice);
    expect(formNumberPatternFor('postUseSlip', overrides)).toBe(DEFAULT_FORM_NUMBER_PATTERNS.postUseSlip);
  });
  it('does not truncate a sequence wider than its padding', () => {
    expect(formatFormNumber('{issuer}用〔{year}〕{seq:2}号', { issuer: 'A', year: 2026, seq: 12345 })).toBe('A用〔2026〕12345号');
  });
  it('refuses a non-positive sequence and a year that is not four digits', () => {
    expect(() => formatFormNumber('{issuer}用〔{year}〕{seq}号', { issuer: 'A', year: 2026, seq: 0 })).toThrow(/序号 0 应为正整数/);
    expect(() => formatFormNumber('{issuer}用〔{year}〕{seq}号', { issuer: 'A', year: 26, seq: 1 })).toThrow(/年份 26 应为四位数字/);
  });
  it('parses numbers back and rejects other issuers, kinds and spellings', () => {
    const p = DEFAULT_FORM_NUMBER_PATTERNS.postUseSlip;
    expect(parseFormNumber(p, '某机编', '某机编用〔2026〕0012号')).toEqual({ year: 2026, seq: 12 });
    expect(parseFormNumber(p, '某机编', '某机编用〔2026〕12345号')).toEqual({ year: 2026, seq: 12345 });
    expect(parseFormNumber(p, '某机编', '别机编用〔2026〕0012号')).toBeNull();
    expect(parseFormNumber(p, '某机编', '某机编入〔2026〕0012号')).toBeNull();
    expect(parseFormNumber(p, '某机编', '某机编用〔2026〕012号')).toBeNull();
    expect(parseFormNumber(p, '某机编', '某机编用〔2026〕00012号')).toBeNull();
    expect(parseFormNumber(p, '某机编', '某机编用〔2026〕0000号')).toBeNull();
  });
  it('treats regex characters in the issuer and pattern literally', () => {
    const p = '({issuer}) No.{year}-{seq:3}';
    expect(formatFormNumber(p, { issuer: 'a.b', year: 2026, seq: 5 })).toBe('(a.b) No.2026-005');
    expect(parseFormNumber(p, 'a.b', '(a.b) No.2026-005')).toEqual({ year: 2026, seq: 5 });
    expect(parseFormNumber(p, 'a.b', '(axb) No.2026-005')).toBeNull();
  });
  it('round-trips every issuer, year and sequence through every pattern', () => {
    const pattern = fc.constantFrom(
      ...Object.values(DEFAULT_FORM_NUMBER_PATTERNS),
      '{issuer}〔{year}〕{seq}号',
      '{seq:6}/{year}/{issuer}',
      '{year}年第{seq:3}号',
    );
    fc.assert(
      fc.property(pattern, fc.constantFrom('某机编', '泰机编', '鲁编办'), fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 10_000_000 }), (p, issuer, year, seq) => {
        expect(parseFormNumber(p, issuer, formatFormNumber(p, { issuer, year, seq }))).toEqual({ year, seq });
      }),
    );
  });
});
