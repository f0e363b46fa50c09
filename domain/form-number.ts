/**
 * Numbers of issued forms, e.g. 某机编用〔2026〕0012号. Each bianban may set its own pattern per form
 * kind; the server hands out gap-free per-year sequence numbers and this module only turns
 * (issuer, year, seq) into text and back. Placeholders: {issuer}, {year}, {seq} or {seq:n}
 * (zero-padded to n digits).
 */
import type { FormKind } from './forms';
import { type Check, fail, ok } from './validation/result';

export const DEFAULT_FORM_NUMBER_PATTERNS: Record<FormKind, string> = {
  postUseSlip: '{issuer}用〔{year}〕{seq:4}号',
  enrollmentNotice: '{issuer}入〔{year}〕{seq:4}号',
  departureNotice: '{issuer}出〔{year}〕{seq:4}号',
};

export interface FormNumberParts {
  issuer: string;
  year: number;
  seq: number;
}

type Token = { kind: 'text'; text: string } | { kind: 'issuer' } | { kind: 'year' } | { kind: 'seq'; width: number };

const FIELD = 'formNumberPattern';
const LABEL = '表单编号格式';

function tokenize(pattern: string): Token[] | string {
  const tokens: Token[] = [];
  const re = /\{([^{}]*)\}/g;
  let last = 0;
  for (let m = re.exec(pattern); m; m = re.exec(pattern)) {
    if (m.index > last) tokens.push({ kind: 'text', text: pattern.slice(last, m.index) });
    last = re.lastIndex;
    const name = m[1]!;
    if (name === 'issuer') tokens.push({ kind: 'issuer' });
    else if (name === 'year') tokens.push({ kind: 'year' });
    else if (name === 'seq') tokens.push({ kind: 'seq', width: 1 });
    else if (/^seq:[1-9]$/.test(name)) tokens.push({ kind: 'seq', width: Number(name.slice(4)) });
    else return `无法识别的占位符“{${name}}”，可用 {issuer}、{year}、{seq} 或 {seq:位数}（位数 1–9）`;
  }
  if (last < pattern.length) tokens.push({ kind: 'text', text: pattern.slice(last) });
  if (tokens.some((t) => t.kind === 'text' && /[{}]/.test(t.text))) return '花括号不成对，请检查占位符写法';
  return tokens;
}

/** Checks a pattern before a bianban saves it; the value is the pattern itself. */
export function validateFormNumberPattern(pattern: string): Check<string> {
  const tokens = tokenize(pattern);
  if (typeof tokens === 'string') return fail(FIELD, `${LABEL}：${tokens}`);
  const count = (k: Token['kind']) => tokens.filter((t) => t.kind === k).length;
  if (count('year') !== 1) {
    return fail(FIELD, `${LABEL}：必须且只能包含一个年份占位符 {year}，如 {issuer}用〔{year}〕{seq:4}号`);
  }
  if (count('seq') !== 1) {
    return fail(FIELD, `${LABEL}：必须且只能包含一个序号占位符 {seq} 或 {seq:4}，如 {issuer}用〔{year}〕{seq:4}号`);
  }
  if (count('issuer') > 1) return fail(FIELD, `${LABEL}：发文机关占位符 {issuer} 最多出现一次`);
  // Two numbers side by side cannot be told apart when reading a number back.
  for (let i = 1; i < tokens.length; i++) {
    const a = tokens[i - 1]!.kind;
    const b = tokens[i]!.kind;
    if ((a === 'year' && b === 'seq') || (a === 'seq' && b === 'year')) {
      return fail(FIELD, `${LABEL}：{year} 与 {seq} 之间需要分隔文字（如 〔{year}〕{seq:4}），否则无法区分年份和序号`);
    }
  }
  return ok(pattern);
}

function tokensOrThrow(pattern: string): Token[] {
  const check = validateFormNumberPattern(pattern);
  if (!check.ok) throw new Error(check.error);
  return tokenize(pattern) as Token[];
}

export function formatFormNumber(pattern: string, parts: FormNumberParts): string {
  const { issuer, year, seq } = parts;
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new Error(`表单编号：年份 ${year} 应为四位数字`);
  if (!Number.isInteger(seq) || seq < 1) throw new Error(`表单编号：序号 ${seq} 应为正整数`);
  return tokensOrThrow(pattern)
    .map((t) => {
      switch (t.kind) {
        case 'text':
          return t.text;
        case 'issuer':
          return issuer;
        case 'year':
          return String(year);
        case 'seq':
          return String(seq).padStart(t.width, '0');
      }
    })
    .join('');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Reads year and sequence back from a number printed with `pattern` for `issuer`; null when the text
 * was not produced by that pattern. Sequences longer than the padding may not start with 0, so every
 * number has exactly one spelling.
 */
export function parseFormNumber(pattern: string, issuer: string, text: string): { year: number; seq: number } | null {
  const tokens = tokensOrThrow(pattern);
  let yearGroup = 0;
  let seqGroup = 0;
  let group = 0;
  const source = tokens
    .map((t) => {
      switch (t.kind) {
        case 'text':
          return escapeRegExp(t.text);
        case 'issuer':
          return escapeRegExp(issuer);
        case 'year':
          yearGroup = ++group;
          return '(\\d{4})';
        case 'seq':
          seqGroup = ++group;
          return t.width === 1 ? '([1-9]\\d*)' : `(\\d{${t.width}}|[1-9]\\d{${t.width},})`;
      }
    })
    .join('');
  const m = new RegExp(`^${source}$`).exec(text.trim());
  if (!m) return null;
  const seq = Number(m[seqGroup]);
  if (seq < 1) return null;
  return { year: Number(m[yearGroup]), seq };
}

/** The pattern a bianban uses for a form kind: its own setting when it has one, else the default. */
export function formNumberPatternFor(kind: FormKind, overrides?: Partial<Record<FormKind, string>>): string {
  return overrides?.[kind] ?? DEFAULT_FORM_NUMBER_PATTERNS[kind];
}
