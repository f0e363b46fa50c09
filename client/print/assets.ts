/**
 * The embedded form font: Noto Serif SC (SIL OFL 1.1) from the @fontsource package, so every desktop
 * renders the same glyphs whatever fonts it has installed. The package splits each weight into ~100
 * unicode-range chunks; Chromium fetches only the chunks a page uses, so a form loads a few hundred KB,
 * not the 5 MB of a full weight.
 *
 * Templates refer to fonts under an asset base URL. The headless renderer serves `PRINT_ASSET_ORIGIN`
 * from memory (no network, no temp files); Electron and browser mode serve the same files with `readAsset`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A reserved (.invalid) origin: never resolvable on any network, served by the renderer itself. */
export const PRINT_ASSET_ORIGIN = 'https://ebz-print.invalid';

/** Body text and titles (titles use the bold weight in place of 小标宋). */
const FONT_WEIGHTS = [400, 700] as const;

const require = createRequire(import.meta.url);
const fontPackageDir = dirname(require.resolve('@fontsource/noto-serif-sc/400.css'));
const FONT_FILES_DIR = join(fontPackageDir, 'files');

const cssCache = new Map<string, string>();

/** @font-face rules for the form font, woff2 only, with URLs under `base`/files/. */
export function fontFaceCss(base: string = PRINT_ASSET_ORIGIN): string {
  const hit = cssCache.get(base);
  if (hit) return hit;
  const css = FONT_WEIGHTS.map((w) => readFileSync(join(fontPackageDir, `${w}.css`), 'utf8'))
    .join('\n')
    // keep the woff2 source only: every Chromium we target reads it, and it halves the rule text
    .replace(/src:\s*url\(\.\/files\/([^)]+\.woff2)\)\s*format\('woff2'\)[^;]*;/g, (_m, file: string) => `src: url(${base}/files/${file}) format('woff2');`)
    .replace(/font-display:\s*swap;/g, 'font-display: block;');
  cssCache.set(base, css);
  return css;
}

const fileCache = new Map<string, Buffer>();

/** Serves a path under the asset base (`/files/<name>.woff2`); null for anything else. */
export function readAsset(pathname: string): { body: Buffer; contentType: string } | null {
  const m = /^\/files\/(noto-serif-sc-[a-z0-9-]+\.woff2)$/.exec(pathname);
  if (!m) return null;
  const name = m[1]!;
  let body = fileCache.get(name);
  if (!body) {
    try {
      body = readFileSync(join(FONT_FILES_DIR, name));
    } catch {
      return null;
    }
    fileCache.set(name, body);
  }
  return { body, contentType: 'font/woff2' };
}
