/**
 * 公民身份号码 (GB 11643-1999): 6-digit region code, 8-digit birth date, 3-digit sequence (odd = male),
 * 1 check character (ISO 7064 MOD 11-2). Each rule has its own message so the officer knows which
 * part of the number to look at again.
 */
import { describeDateProblem, formatIsoDate, parseIsoDate } from './calendar';
import { type Check, fail, ok } from './result';

const FIELD = 'idNumber';
const LABEL = '身份证号';
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const EARLIEST_BIRTH = '1900-01-01';

/**
 * Province-level codes of GB/T 2260, plus 83: the residence permits of Hong Kong, Macao and Taiwan
 * residents carry 810000 / 820000 / 830000 as their region code.
 */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

export interface IdNumberInfo {
  idNumber: string;
  birthDate: string;
  sex: 'male' | 'female';
  regionCode: string;
}

/** Check character for the first 17 digits. Throws on anything but 17 ASCII digits (a programming error). */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`idNumberCheckChar: expected 17 digits, got "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Shows region code and the last four only, e.g. 110105********002X — for logs and lists. */
export function maskIdNumber(v: string): string {
  const s = Array.from(v.trim());
  if (s.length < 10) return '*'.repeat(s.length);
  return s.slice(0, 6).join('') + '*'.repeat(s.length - 10) + s.slice(-4).join('');
}

/** Full-width digits and Ｘ come from Chinese input methods; they are the same characters to the user. */
function normalise(v: string): string {
  return v
    .replace(/\s+/g, '')
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[xｘＸ]/g, 'X');
}

export function validateIdNumber(v: string, today: string): Check<IdNumberInfo> {
  const s = normalise(v);
  if (s === '') return fail(FIELD, `${LABEL}：不能为空，请输入 18 位身份证号`);
  const chars = Array.from(s);
  if (chars.length !== 18) {
    const old = chars.length === 15 ? '（15 位为旧版号码，请换用现行 18 位号码）' : '';
    return fail(FIELD, `${LABEL}：应为 18 位，实际为 ${chars.length} 位${old}，请核对后重新输入`);
  }
  for (let i = 0; i < 17; i++) {
    if (!/\d/.test(chars[i]!)) {
      return fail(FIELD, `${LABEL}：第 ${i + 1} 位“${chars[i]}”不是数字，前 17 位只能是数字，请核对后重新输入`);
    }
  }
  const last = chars[17]!;
  if (!/[\dX]/.test(last)) {
    return fail(FIELD, `${LABEL}：第 18 位（校验码）只能是数字或 X，实际为“${last}”，请核对后重新输入`);
  }
  const province = s.slice(0, 2);
  if (!PROVINCE_CODES.has(province)) {
    return fail(FIELD, `${LABEL}：前两位“${province}”不是有效的省级行政区划代码，请核对后重新输入`);
  }
  const raw = s.slice(6, 14);
  const iso = `${raw.slice(0, 4)}-${raw.slice(4, 6)}-${raw.slice(6, 8)}`;
  const parsed = parseIsoDate(iso);
  if (typeof parsed === 'string') {
    return fail(FIELD, `${LABEL}：第 7–14 位出生日期“${raw}”无效，${describeDateProblem(iso, parsed)}，请核对后重新输入`);
  }
  const birthDate = formatIsoDate(parsed);
  if (birthDate > today) {
    return fail(FIELD, `${LABEL}：出生日期 ${birthDate} 晚于今天（${today}），请核对后重新输入`);
  }
  if (birthDate < EARLIEST_BIRTH) {
    return fail(FIELD, `${LABEL}：出生日期 ${birthDate} 早于 ${EARLIEST_BIRTH}，请核对后重新输入`);
  }
  const expected = idNumberCheckChar(s.slice(0, 17));
  if (expected !== last) {
    return fail(FIELD, `${LABEL}：校验码应为 ${expected}，实际为 ${last}，请核对后重新输入`);
  }
  const sex = Number(s[16]) % 2 === 1 ? 'male' : 'female';
  return ok({ idNumber: s, birthDate, sex, regionCode: s.slice(0, 6) });
}
