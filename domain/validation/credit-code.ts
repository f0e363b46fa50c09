/**
 * 统一社会信用代码 (GB 32100-2015): registration authority (1), organisation category (1),
 * administrative division code (6 digits), organisation code (9), check character (1).
 * The charset leaves out I, O, S, V, Z because they are easily confused with digits.
 */
import { type Check, fail, ok } from './result';

const FIELD = 'creditCode';
const LABEL = '统一社会信用代码';
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** 3^i mod 31, as tabulated in the standard. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/** What a user most likely meant when typing a letter the standard excludes. */
const LOOKALIKES: Record<string, string> = { I: '1', O: '0', Z: '2', S: '5' };

/** Check character for the first 17 characters. Throws if they are not 17 charset characters. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error(`creditCodeCheckChar: expected 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17[i]!);
    if (value < 0) throw new Error(`creditCodeCheckChar: "${first17[i]}" is not in the GB 32100 charset`);
    sum += value * WEIGHTS[i]!;
  }
  const check = 31 - (sum % 31);
  return CREDIT_CODE_CHARSET[check === 31 ? 0 : check]!;
}

export function validateCreditCode(v: string): Check<string> {
  const s = v.replace(/\s+/g, '').toUpperCase();
  if (s === '') return fail(FIELD, `${LABEL}：不能为空，请输入 18 位统一社会信用代码`);
  const chars = Array.from(s);
  if (chars.length !== 18) {
    return fail(FIELD, `${LABEL}：应为 18 位，实际为 ${chars.length} 位，请核对后重新输入`);
  }
  for (let i = 0; i < 18; i++) {
    const c = chars[i]!;
    if (!CREDIT_CODE_CHARSET.includes(c)) {
      const hint = LOOKALIKES[c] ? `；是否应为数字 ${LOOKALIKES[c]}？` : '';
      const what = /[A-Z]/.test(c)
        ? `字母“${c}”不在 GB 32100 允许的字符中（不使用 I、O、S、V、Z${hint}）`
        : `“${c}”不是允许的字符（只能是数字和除 I、O、S、V、Z 以外的大写字母）`;
      return fail(FIELD, `${LABEL}：第 ${i + 1} 位${what}，请核对后重新输入`);
    }
  }
  const region = s.slice(2, 8);
  if (!/^\d{6}$/.test(region)) {
    return fail(FIELD, `${LABEL}：第 3–8 位是登记管理机关的行政区划代码，必须是数字，实际为“${region}”，请核对后重新输入`);
  }
  const expected = creditCodeCheckChar(s.slice(0, 17));
  if (expected !== chars[17]) {
    return fail(FIELD, `${LABEL}：校验码应为 ${expected}，实际为 ${chars[17]}，请核对后重新输入`);
  }
  return ok(s);
}
