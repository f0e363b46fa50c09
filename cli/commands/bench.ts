import { readdir } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Figure } from '../../bench/stats';

export const summary = '运行性能基准（每个指标输出一行 JSON）';


const benchDir = join(import.meta.dirname, '../../bench');

/**
 * Runs every bench/*.bench.ts (or those whose file name contains --only) one after another and prints one
 * JSON line per figure: {"bench","name","value","unit","goal","cores","at"}.
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { only: { type: 'string', multiple: true } }, strict: true });
  const files = (await readdir(benchDir)).filter((f) => f.endsWith('.bench.ts')).sort();
  const chosen = values.only?.length ? files.filter((f) => values.only!.some((o) => f.includes(o))) : files;
  if (chosen.length === 0) {
    process.stderr.write(`没有找到匹配的基准：${values.only?.join(', ') ?? ''}（可选：${files.join(', ')}）\n`);
    return 1;
  }
  const cores = cpus().length;
  let failed = 0;
  for (const file of chosen) {
    try {
      const mod = (await import(join(benchDir, file))) as { run(): Promise<Figure[]> };
      for (const f of await mod.run()) {
        process.stdout.write(`${JSON.stringify({ bench: file.replace('.bench.ts', ''), ...f, cores, at: new Date().toISOString() })}\n`);
      }
    } catch (e) {
      failed++;
      process.stderr.write(`基准 ${file} 失败：${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    }
  }
  return failed ? 1 : 0;
}
