import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./sync-child.ts', import.meta.url));

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs one sync round in a child process; `crashAt` names the injected kill point. */
export function runChild(env: { dir: string; url: string; caPem: string; crashAt?: string; pageSize?: number }): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: {
        ...process.env,
        EBZ_CHILD_DIR: env.dir,
        EBZ_CHILD_URL: env.url,
        EBZ_CHILD_CA: env.caPem,
        EBZ_SYNC_CRASH_AT: env.crashAt ?? '',
        EBZ_CHILD_PAGE_SIZE: env.pageSize ? String(env.pageSize) : '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    p.on('error', reject);
    p.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
