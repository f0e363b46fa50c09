/**
 * Bundles the Electron entry points for packaging: the preload as one CommonJS file (a sandboxed
 * preload can require nothing but 'electron'), and the main process with native and large Node
 * packages left external (electron-builder ships them in node_modules, rebuilt for Electron).
 *   npx tsx electron/build.ts   →   dist/electron/{preload,main}.cjs
 */
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXTERNAL = ['electron', 'better-sqlite3', 'pkcs11js', 'node-hid', 'pino', 'exceljs', 'ws', '@fontsource/noto-serif-sc', 'qrcode', 'playwright-core', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

async function bundle(entry: string, name: string, external: string[]) {
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: join(ROOT, 'dist', 'electron'),
      emptyOutDir: false,
      target: 'node20',
      minify: false,
      lib: { entry: join(ROOT, 'electron', entry), formats: ['cjs'], fileName: () => `${name}.cjs` },
      rollupOptions: { external },
    },
  });
}

await bundle('preload.ts', 'preload', ['electron']);
await bundle('main-entry.ts', 'main', EXTERNAL);
