/** Drives the real `ebz` entry point (node + tsx) the way an officer or a script would. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function ebz(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'cli', 'ebz.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('ebz validate', () => {
  it('id-number: invalid check digit → exit 1 with the reason on stderr', () => {
    const r = ebz('validate', 'id-number', '110105194912310025');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('身份证号：校验码应为 X，实际为 5');
  });
  it('id-number: a future birth date is judged against --today', () => {
    const r = ebz('validate', 'id-number', '11010519491231002X', '--today', '1949-12-30');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('出生日期 1949-12-31 晚于今天（1949-12-30）');
  });
  it('id-number: 11010519491231002X is valid; prints birth date and sex, never the full number', () => {
    const r = ebz('validate', 'id-number', '11010519491231002X');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('出生日期：1949-12-31');
    expect(r.stdout).toContain('性别：女');
    expect(r.stdout).toContain('110105********002X');
    expect(r.stdout).not.toContain('11010519491231002X');
  });
  it('credit-code: letter outside GB 32100 → exit 1; 91350100M000100Y43 → exit 0', () => {
    const bad = ebz('validate', 'credit-code', '91350100M000100O43');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/第 16 位字母“O”不在 GB 32100 允许的字符中/);
    const good = ebz('validate', 'credit-code', '91350100M000100Y43');
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('统一社会信用代码有效：91350100M000100Y43');
  });
  it('photo: reads the file and refuses a non-image', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ebz-photo-'));
    try {
      const file = join(dir, 'photo.gif');
      writeFileSync(file, Buffer.from('GIF89a' + 'x'.repeat(20_000)));
      const r = ebz('validate', 'photo', file);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('不是 JPEG 或 PNG 图片');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('missing value or unknown kind → exit 1 with usage', () => {
    expect(ebz('validate', 'id-number')).toMatchObject({ code: 1, stderr: expect.stringContaining('缺少要校验的值') });
    expect(ebz('validate', 'passport', 'E123')).toMatchObject({ code: 1, stderr: expect.stringContaining('未知的校验类型：passport') });
  });
});

describe('ebz retirement', () => {
  it('prints "YYYY-MM label" on the first line', () => {
    const cases: [string, string, string][] = [
      ['1965-01', 'male', '2025-02 60岁1个月'],
      ['1975-01', 'female-50', '2025-02 50岁1个月'],
      ['1981-12', 'female-55', '2039-12 58岁'],
      ['1964-12', 'male', '2024-12 60岁'],
    ];
    for (const [birth, category, line] of cases) {
      const r = ebz('retirement', '--birth', birth, '--category', category);
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')[0]).toBe(line);
    }
  });
  it('bad birth month, bad category or missing option → exit 1 with a Chinese message', () => {
    expect(ebz('retirement', '--birth', '1965-13', '--category', 'male')).toMatchObject({ code: 1, stderr: expect.stringContaining('月份 13 不存在') });
    expect(ebz('retirement', '--birth', '1965-01', '--category', 'female')).toMatchObject({ code: 1, stderr: expect.stringContaining('退休类别：“female”无效') });
    expect(ebz('retirement', '--category', 'male')).toMatchObject({ code: 1, stderr: expect.stringContaining('缺少 --birth') });
  });
});

