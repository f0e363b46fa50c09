/**
 * `ebz validate <kind> VALUE`: runs the same validators the client and server use, so an officer or a
 * support engineer can check one value from the shell. Exit 0 and a short summary when valid; exit 1
 * and the Chinese reason on stderr when not.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SEX_LABELS } from '../../domain/model';
import { validateCreditCode } from '../../domain/validation/credit-code';
import { validateDocumentNo, validatePersonName, validatePhone, validateUnitName } from '../../domain/validation/fields';
import { maskIdNumber, validateIdNumber } from '../../domain/validation/id-number';
import { validatePhoto } from '../../domain/validation/photo';
import type { Check } from '../../domain/validation/result';

export const summary = '校验身份证号、统一社会信用代码、电话、姓名、文号、单位名称或照片';

const USAGE = `用法：
  ebz validate id-number 身份证号 [--today YYYY-MM-DD]
  ebz validate credit-code 统一社会信用代码
  ebz validate phone 电话号码
  ebz validate name 姓名
  ebz validate document-no 文号
  ebz validate unit-name 单位名称
  ebz validate photo 照片文件路径
`;

function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function report<T>(check: Check<T>, lines: (value: T) => string[]): number {
  if (!check.ok) {
    process.stderr.write(`${check.error}\n`);
    return 1;
  }
  const out = [...lines(check.value), ...check.warnings.map((w) => `提示：${w}`)];
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { today: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    process.stderr.write(`参数错误：${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [kind, ...rest] = positionals;
  // Values such as unit names may contain spaces; the shell may have split them.
  const value = rest.join(' ');
  if (!kind || rest.length === 0) {
    process.stderr.write(`缺少${kind ? '要校验的值' : '校验类型和要校验的值'}。\n${USAGE}`);
    return 1;
  }
  switch (kind) {
    case 'id-number': {
      const today = values.today ?? localToday();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) {
        process.stderr.write(`--today：“${today}”格式不正确，应为 YYYY-MM-DD\n`);
        return 1;
      }
      return report(validateIdNumber(value, today), (v) => [
        `身份证号有效：${maskIdNumber(v.idNumber)}`,
        `出生日期：${v.birthDate}`,
        `性别：${SEX_LABELS[v.sex]}`,
        `地区代码：${v.regionCode}`,
      ]);
    }
    case 'credit-code':
      return report(validateCreditCode(value), (v) => [`统一社会信用代码有效：${v}`, `登记管理机关行政区划代码：${v.slice(2, 8)}`]);
    case 'phone':
      return report(validatePhone(value), (v) => [`联系电话有效：${v}`]);
    case 'name':
      return report(validatePersonName(value), (v) => [`姓名有效：${v}`]);
    case 'document-no':
      return report(validateDocumentNo(value), (v) => [`文号有效：${v}`]);
    case 'unit-name':
      return report(validateUnitName(value), (v) => [`单位名称有效：${v}`]);
    case 'photo': {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(value));
      } catch {
        process.stderr.write(`照片：无法读取文件“${value}”，请检查路径是否正确\n`);
        return 1;
      }
      return report(validatePhoto(bytes), (v) => [
        `照片有效：${v.format.toUpperCase()}，${(v.size / 1024).toFixed(1)} KB${v.width ? `，${v.width}×${v.height} 像素` : ''}`,
      ]);
    }
    default:
      process.stderr.write(`未知的校验类型：${kind}\n${USAGE}`);
      return 1;
  }
}
