/** `ebz print` as a user runs it: a demo PDF per form, and clear messages for wrong input. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { pdfPages, pdfText } from './helpers';

const run = promisify(execFile);
const ebz = join(import.meta.dirname, '../../cli/ebz.mjs');
const dir = mkdtempSync(join(tmpdir(), 'ebz-print-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ebz print', () => {
  it('prints a demo post-use slip with its seal and says what it wrote', async () => {
    const out = join(dir, 'slip.pdf');
    const r = await run('node', [ebz, 'print', 'post-use-slip', '--demo', '--today', '2026-05-06', '--out', out]);
    expect(r.stdout).toMatch(/已生成 .*slip\.pdf：机关事业单位编制使用单 .*用〔2026〕\d{4}号，1 页/);
    const pdf = readFileSync(out);
    expect(pdfPages(pdf)).toBe(1);
    expect(pdfText(pdf)).toContain('内容摘要（SHA-256）');
  });

  it('names the forms it knows when given an unknown one, and asks for --out', async () => {
    await expect(run('node', [ebz, 'print', 'slip', '--demo', '--out', join(dir, 'x.pdf')])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('post-use-slip、enrollment-notice') });
    await expect(run('node', [ebz, 'print', 'post-use-slip', '--demo'])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('缺少 --out') });
  });
});
