// `npm run typecheck`: every layer in its own type environment (tsconfig.base.json lists them), all strict.
// Runs each even when one fails, so one run shows every layer's errors.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const PROJECTS = [
  ['tsconfig.domain.json', 'domain/：无 DOM、无 Node'],
  ['tsconfig.renderer.json', 'renderer/：DOM，无 Node'],
  ['tsconfig.node.json', 'db、native、server、client、electron、cli：Node，无 DOM'],
  ['tsconfig.json', 'tests、bench、scripts、build'],
];

const failed = [];
for (const [project, label] of PROJECTS) {
  const r = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit', '--pretty'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed.push(`${project}（${label}）`);
}
if (failed.length) {
  console.error(`\n类型检查未通过：${failed.join('；')}。请按上面的错误修改对应文件。`);
  process.exit(1);
}
