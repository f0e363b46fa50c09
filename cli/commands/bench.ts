import { readdir } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchContext, BenchSize, Figure } from '../../bench/stats';

export const summary = '运行性能基准（每个指标输出一行 JSON，含同机同次测得的极限值与比值）';

const benchDir = join(import.meta.dirname, '../../bench');

/**
 * Runs every bench/*.bench.ts (or those whose file name contains --only) one after another and prints one
 * JSON line per figure: {"bench","name","value","unit","goal","limit","ratio","pass","peakRssMb","size","cores","at"}.
 * `--size small` (default) keeps the whole run to a few minutes; `--size full` uses issue 18's sizes.
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { only: { type: 'string', multiple: true }, size: { type: 'string', default: 'small' } }, strict: true });
  if (values.size !== 'small' && values.size !== 'full') {
    process.stderr.write(`--size 应为 small 或 full，收到“${values.size}”\n`);
    return 2;
  }
  const size = values.size as BenchSize;
  // Benches that spawn helpers (the sync client, the CLI) read the size from here too.
  process.env.EBZ_BENCH_SIZE = size;
  const ctx: BenchContext = { size };
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
      const mod = (await import(join(benchDir, file))) as { run(ctx?: BenchContext): Promise<Figure[]> };
      for (const f of await mod.run(ctx)) {
        process.stdout.write(`${JSON.stringify({ bench: file.replace('.bench.ts', ''), ...f, size, cores, at: new Date().toISOString() })}\n`);
      }
    } catch (e) {
      failed++;
      process.stderr.write(`基准 ${file} 失败：${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    }
  }
  return failed ? 1 : 0;
}
