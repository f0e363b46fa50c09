/**
 * `ebz retirement --birth YYYY-MM --category male|female-50|female-55`: the statutory retirement month
 * and age under the gradual reform. First stdout line is machine-friendly: `YYYY-MM <age label>`.
 */
import { parseArgs } from 'node:util';
import {
  RETIREMENT_CATEGORY_LABELS,
  isRetirementCategory,
  retirementAgeLabel,
  retirementDelayMonths,
  retirementFor,
} from '../../domain/retirement';

export const summary = '按渐进式延迟退休规定计算法定退休年月和年龄';

const USAGE = '用法：ebz retirement --birth YYYY-MM --category male|female-50|female-55\n' +
  '  male：男职工（原 60 周岁）；female-55：女干部（原 55 周岁）；female-50：女职工（原 50 周岁）\n';

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { birth: { type: 'string' }, category: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    process.stderr.write(`参数错误：${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!values.birth) {
    process.stderr.write(`缺少 --birth（出生年月，如 1965-01）\n${USAGE}`);
    return 1;
  }
  if (!values.category) {
    process.stderr.write(`缺少 --category（退休类别）\n${USAGE}`);
    return 1;
  }
  const category = values.category;
  if (!isRetirementCategory(category)) {
    process.stderr.write(`退休类别：“${category}”无效，应为 male、female-50 或 female-55\n${USAGE}`);
    return 1;
  }
  try {
    const r = retirementFor(values.birth, category);
    const delay = retirementDelayMonths(values.birth, category);
    const base = retirementAgeLabel(r.ageMonths - delay);
    process.stdout.write(
      `${r.month} ${r.label}\n` +
        `类别：${RETIREMENT_CATEGORY_LABELS[category]}；出生年月：${values.birth.trim().slice(0, 7)}；` +
        (delay === 0 ? `不延迟，仍为 ${base}退休\n` : `原退休年龄 ${base}，延迟 ${delay} 个月\n`),
    );
    return 0;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
