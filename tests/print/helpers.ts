/** Shared fixtures for the print tests: PDF text, page counts and page images through poppler. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

const here = dirname(fileURLToPath(import.meta.url));
export const REFERENCE_DIR = join(here, 'reference');
export const AS_OF = '2026-05-06';
/** A fixed print clock so dates on the page (and so the images) do not change from day to day. */
export const NOW = () => new Date(`${AS_OF}T10:00:00`);
export const VERIFY_BASE = 'https://ebz.example';

function withTempPdf<T>(pdf: Uint8Array, fn: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'ebz-print-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    return fn(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Text of the PDF (or of one page), whitespace removed: CJK extraction spaces glyphs unpredictably.
 * `layout` keeps table rows on one line, so a row's label and its figures can be checked together.
 */
export function pdfText(pdf: Uint8Array, page?: number, o: { layout?: boolean } = {}): string {
  return withTempPdf(pdf, (file) => {
    const range = page ? ['-f', String(page), '-l', String(page)] : [];
    const mode = o.layout ? ['-layout'] : [];
    return execFileSync('pdftotext', [...range, ...mode, '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  });
}

export function pdfPages(pdf: Uint8Array): number {
  return withTempPdf(pdf, (file) => {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? NaN);
  });
}

export function pageSizePt(pdf: Uint8Array): { w: number; h: number } {
  return withTempPdf(pdf, (file) => {
    const m = /^Page size:\s+([\d.]+) x ([\d.]+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))!;
    return { w: Number(m[1]), h: Number(m[2]) };
  });
}

/** Page 1 as PNG at `dpi`. */
export function firstPagePng(pdf: Uint8Array, dpi = 50): Buffer {
  return withTempPdf(pdf, (file, dir) => {
    execFileSync('pdftoppm', ['-r', String(dpi), '-f', '1', '-l', '1', '-png', '-singlefile', file, join(dir, 'page')]);
    return readFileSync(join(dir, 'page.png'));
  });
}

export const strip = (s: string) => s.replace(/\s+/g, '');

/** Values that must all be on the page; returns those missing (an empty list passes). */
export function missingValues(text: string, values: readonly (string | number)[]): string[] {
  return values.map(String).filter((v) => !text.includes(strip(v)));
}

/**
 * Compares a page image with the committed reference. UPDATE_PRINT_REFERENCE=1 rewrites the
 * reference (and docs/forms/ gets its copy from scripts in the test); otherwise a missing reference
 * fails. Returns the share of pixels that differ beyond pixelmatch's colour threshold.
 */
export function compareWithReference(name: string, png: Buffer): { ratio: number; diffPixels: number; updated: boolean } {
  const ref = join(REFERENCE_DIR, `${name}.png`);
  if (process.env.UPDATE_PRINT_REFERENCE === '1' || !existsSync(ref)) {
    if (process.env.UPDATE_PRINT_REFERENCE !== '1') throw new Error(`缺少参考图 ${ref}：用 UPDATE_PRINT_REFERENCE=1 运行一次以生成并提交`);
    writeFileSync(ref, png);
    return { ratio: 0, diffPixels: 0, updated: true };
  }
  const a = PNG.sync.read(png);
  const b = PNG.sync.read(readFileSync(ref));
  if (a.width !== b.width || a.height !== b.height) return { ratio: 1, diffPixels: a.width * a.height, updated: false };
  const diffPixels = pixelmatch(a.data, b.data, undefined, a.width, a.height, { threshold: 0.2 });
  return { ratio: diffPixels / (a.width * a.height), diffPixels, updated: false };
}

/** Difference of a page image from a reference, never writing it (to show the comparison can fail). */
export function diffFromReference(name: string, png: Buffer): number {
  const a = PNG.sync.read(png);
  const b = PNG.sync.read(readFileSync(join(REFERENCE_DIR, `${name}.png`)));
  if (a.width !== b.width || a.height !== b.height) return 1;
  return pixelmatch(a.data, b.data, undefined, a.width, a.height, { threshold: 0.2 }) / (a.width * a.height);
}
