/**
 * Validators for the free-text fields officers type by hand: names, dates, phone numbers, 文号, unit
 * names. They normalise what is unambiguous (spaces, full-width brackets) and refuse the rest with a
 * message that says which field, what is wrong and what to type instead.
 */
import { describeDateProblem, parseIsoDate } from './calendar';
import { type Check, fail, ok } from './result';

/** Chinese labels for the date fields we know, so `validateDate(v, 'birthDate')` reads "出生日期：…". */
const DATE_FIELD_LABELS: Record<string, string> = {
  birthDate: '出生日期',
  enrolledOn: '入编日期',
  departedOn: '出编日期',
  leftOn: '离岗日期',
  establishedOn: '成立日期',
  issuedOn: '签发日期',
  validUntil: '有效期至',
  date: '日期',
};

// ---------------------------------------------------------------- person name

/** Middle-dot look-alikes typed for the separator in minority and transliterated names (阿沛·阿旺晋美). */
const DOT_LOOKALIKES = /[•・‧∙⋅．.]/;

export function validatePersonName(v: string, field = 'name'): Check<string> {
  const label = '姓名';
  const warnings: string[] = [];
  let s = v.trim().replace(/\s+/g, ' ');
  if (s === '') return fail(field, `${label}：不能为空，请输入身份证上的姓名`);
  const isLatin = /^[\p{Script=Latin} ]+$/u.test(s);
  if (!isLatin) {
    if (DOT_LOOKALIKES.test(s)) {
      s = s.replace(new RegExp(DOT_LOOKALIKES.source, 'g'), '·');
      warnings.push(`${label}：已将间隔号统一为“·”`);
    }
    s = s.replace(/\s*·\s*/g, '·');
    const bad = Array.from(s).find((c) => !/[\p{Script=Han}·]/u.test(c));
    if (bad !== undefined) {
      const what = bad === ' ' ? '空格' : `“${bad}”`;
      return fail(field, `${label}：含有不允许的字符${what}，中文姓名只能包含汉字和间隔号“·”，外文姓名只能包含字母和空格`);
    }
    if (s.startsWith('·') || s.endsWith('·')) {
      return fail(field, `${label}：间隔号“·”不能在姓名的开头或结尾，请核对后重新输入`);
    }
    if (s.includes('··')) return fail(field, `${label}：间隔号“·”不能连续出现，请核对后重新输入`);
  }
  const n = Array.from(s).length;
  if (n < 2) return fail(field, `${label}：至少 2 个字，实际为 ${n} 个字，请输入完整姓名`);
  if (n > 30) return fail(field, `${label}：最多 30 个字符，实际为 ${n} 个，请核对后重新输入`);
  return ok(s, warnings);
}

// ---------------------------------------------------------------- date

export interface DateBounds {
  notAfter?: string;
  notBefore?: string;
  /** Chinese field name for messages when `field` is not one of the known code names. */
  label?: string;
}

export function validateDate(v: string, field: string, bounds: DateBounds = {}): Check<string> {
  const label = bounds.label ?? DATE_FIELD_LABELS[field] ?? field;
  const s = v.trim();
  if (s === '') return fail(field, `${label}：不能为空，请按 YYYY-MM-DD 格式输入（如 2024-03-15）`);
  const parsed = parseIsoDate(s);
  if (typeof parsed === 'string') return fail(field, `${label}：${describeDateProblem(s, parsed)}，请核对后重新输入`);
  if (bounds.notAfter !== undefined && s > bounds.notAfter) {
    return fail(field, `${label}：${s} 不能晚于 ${bounds.notAfter}，请核对后重新输入`);
  }
  if (bounds.notBefore !== undefined && s < bounds.notBefore) {
    return fail(field, `${label}：${s} 不能早于 ${bounds.notBefore}，请核对后重新输入`);
  }
  return ok(s);
}

// ---------------------------------------------------------------- phone

const MOBILE = /^1[3-9]\d{9}$/;
/** 区号 0xx or 0xxx, 7–8 digit number, optional extension written -123, 转123 or #123. */
const LANDLINE = /^(0\d{2,3})-(\d{7,8})(?:(?:-|转|#)(\d{1,6}))?$/;

export function validatePhone(v: string, field = 'phone'): Check<string> {
  const label = '联系电话';
  const raw = v.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  // Mobile numbers are often grouped "138 0013 8000" or prefixed +86; the digits alone decide.
  const compact = raw.replace(/[\s\-－—–]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  if (MOBILE.test(compact)) return ok(compact);
  // Landlines: "(0531)86012345", "0531 86012345", "0531－86012345" all mean 0531-86012345.
  const s = raw
    .replace(/^[(（](0\d{2,3})[)）]\s*/, '$1-')
    .replace(/[－—–]/g, '-')
    .replace(/\s*-\s*/g, '-')
    .replace(/\s+/g, '-');
  if (s === '') return fail(field, `${label}：不能为空，请输入手机号或带区号的固定电话`);
  const m = LANDLINE.exec(s);
  if (m) return ok(m[3] ? `${m[1]}-${m[2]}-${m[3]}` : `${m[1]}-${m[2]}`);
  if (/^1\d*$/.test(compact)) {
    return fail(field, `${label}：手机号应为 11 位、以 13–19 开头，实际为“${v.trim()}”，请核对后重新输入`);
  }
  if (/^\d{7,8}$/.test(compact)) {
    return fail(field, `${label}：固定电话缺少区号，请写成“区号-号码”，如 0531-86012345`);
  }
  return fail(
    field,
    `${label}：“${v.trim()}”不是有效的电话号码，请输入 11 位手机号，或“区号-号码”形式的固定电话（如 0531-86012345，分机可写 -123）`,
  );
}

// ---------------------------------------------------------------- 文号

/** GB/T 9704 writes the year in 六角括号 〔〕; these are what keyboards produce instead. */
const BRACKET_LOOKALIKES: [RegExp, string][] = [
  [/^(.*?)[[［【]\s*(\d{4})\s*[\]］】](.*)$/, '方括号'],
  [/^(.*?)[(（]\s*(\d{4})\s*[)）](.*)$/, '圆括号'],
];

export function validateDocumentNo(v: string, field = 'documentNo'): Check<string> {
  const label = '文号';
  const warnings: string[] = [];
  let s = v.trim().replace(/\s+/g, '');
  if (s === '') return fail(field, `${label}：不能为空，请输入批准文件的文号，如 某机编发〔2024〕12号`);
  if (!s.includes('〔')) {
    for (const [re, name] of BRACKET_LOOKALIKES) {
      const m = re.exec(s);
      if (m) {
        s = `${m[1]}〔${m[2]}〕${m[3]}`;
        warnings.push(`${label}：年份的${name}已改为六角括号“〔〕”`);
        break;
      }
    }
  }
  const m = /^(.*?)〔(\d{4})〕(第?)(\d+)号$/.exec(s);
  if (!m) {
    if (!/〔\d{4}〕/.test(s)) {
      return fail(field, `${label}：缺少用六角括号括起的四位年份，应写成“发文机关代字〔年份〕序号号”，如 某机编发〔2024〕12号`);
    }
    if (!s.endsWith('号')) return fail(field, `${label}：应以“号”结尾，如 某机编发〔2024〕12号`);
    return fail(field, `${label}：年份后应为发文序号（数字）再加“号”，如 某机编发〔2024〕12号`);
  }
  const [, issuer, year, di, seq] = m as unknown as [string, string, string, string, string];
  if (issuer === '') return fail(field, `${label}：缺少发文机关代字（年份前的部分），如 某机编发〔2024〕12号`);
  const y = Number(year);
  if (y < 1949 || y > 2100) return fail(field, `${label}：年份 ${year} 不合理，请核对后重新输入`);
  if (Number(seq) === 0) return fail(field, `${label}：发文序号不能为 0，请核对后重新输入`);
  // GB/T 9704-2012 7.2.4: 不加“第”字，不编虚位. Officers copy what the paper says, so warn, don't refuse.
  if (di) warnings.push(`${label}：按公文格式序号前不加“第”字`);
  if (seq.startsWith('0')) warnings.push(`${label}：按公文格式序号不编虚位（如 012 应写 12），请与原件核对`);
  return ok(s, warnings);
}

// ---------------------------------------------------------------- unit name

export function validateUnitName(v: string, field = 'unitName'): Check<string> {
  const label = '单位名称';
  const s = v.trim().replace(/\s+/g, ' ');
  if (s === '') return fail(field, `${label}：不能为空，请输入批准文件上的单位全称`);
  const n = Array.from(s).length;
  if (n < 2) return fail(field, `${label}：至少 2 个字，实际为 ${n} 个字，请输入单位全称`);
  if (n > 60) return fail(field, `${label}：最多 60 个字，实际为 ${n} 个字，请核对后重新输入`);
  return ok(s);
}
