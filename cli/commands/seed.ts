import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { generateSlice } from '../../domain/demo/seed';
import { todayOf } from '../../domain/validation/calendar';

export const summary = '生成演示数据（一个省的模拟切片，同一种子结果相同）';

const HELP = `用法：ebz seed [--units N] [--staff M] [--seed S] [--as-of YYYY-MM-DD] --out FILE

生成一份可重复的演示数据（JSON，UTF-8），内容为一个省级编办下的市、县编办，
各部门及所属事业单位、内设机构、编制台账（批准文件及各类编制增减数）、实有人员（身份证号有效）、
减少人员、编制使用单，以及每类预警各若干个“预置案例”（planted 字段列出，供核对预警规则）。
文件格式见 docs/demo-data.md；服务器用 ebz server import FILE 导入。

  --units N      单位数，默认 200
  --staff M      实有人员数，默认 5000
  --seed S       随机种子（整数），默认 1；种子和基准日期相同则输出完全相同
  --as-of DATE   数据的基准日期，默认今天
  --out FILE     输出文件路径（必填）`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      units: { type: 'string', default: '200' },
      staff: { type: 'string', default: '5000' },
      seed: { type: 'string', default: '1' },
      'as-of': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (!values.out) {
    process.stderr.write(`缺少 --out：请指定输出文件路径，例如 --out demo.json\n\n${HELP}\n`);
    return 1;
  }
  const num = (name: string, v: string) => {
    if (!/^\d+$/.test(v)) throw new Error(`--${name} 应为非负整数，实际为“${v}”`);
    return Number(v);
  };
  const started = Date.now();
  const slice = generateSlice({
    units: num('units', values.units),
    staff: num('staff', values.staff),
    seed: num('seed', values.seed),
    asOf: values['as-of'] ?? todayOf(new Date()),
  });
  await writeFile(values.out, JSON.stringify(slice));
  process.stdout.write(
    `已生成 ${values.out}：编办 ${slice.bianbans.length} 个，单位 ${slice.units.length} 个，实有人员 ${slice.staff.length} 人，` +
      `减少人员 ${slice.departedStaff.length} 人，编制使用单 ${slice.slips.length} 张，预置预警案例 ${slice.planted.length} 个（${Date.now() - started} ms）\n`,
  );
  return 0;
}
