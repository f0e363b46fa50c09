/** Where the built renderer lives, and building it once on a fresh checkout (browser mode serves it). */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const RENDERER_DIR = join(ROOT, 'dist', 'renderer');

export async function ensureRenderer(log?: Logger): Promise<void> {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return;
  log?.warn('building the renderer (vite build)');
  const vite = await import('vite');
  await vite.build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}
