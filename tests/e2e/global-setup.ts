/** Starts tests/e2e/stack.ts as a child process and stops it after the run. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const STATE_FILE = join(tmpdir(), `ebz-e2e-state-${process.pid}.json`);

export default async function globalSetup(): Promise<() => Promise<void>> {
  process.env.EBZ_E2E_STATE = STATE_FILE;
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests', 'e2e', 'stack.ts'), STATE_FILE], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('e2e stack did not start within 180 s')), 180_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (String(d).includes('READY')) {
        clearTimeout(timer);
        ok();
      }
    });
    child.once('exit', (code) => fail(new Error(`e2e stack exited early (code ${code})`)));
  });
  JSON.parse(readFileSync(STATE_FILE, 'utf8'));
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
}
