import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'ebz-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ebz start without the Electron binary', () => {
  it('comes up in browser mode with the embedded server, demo data and the demo key', async () => {
    const child = spawn(process.execPath, ['cli/ebz.mjs', 'start', '--data', dir, '--units', '10', '--staff', '300'], {
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', EBZ_LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += String(d)));
    try {
      await new Promise<void>((ok, fail) => {
        const t = setTimeout(() => fail(new Error(`no start within 90 s:\n${out}`)), 90_000);
        child.stdout.on('data', () => {
          if (/按 Ctrl\+C 退出/.test(out)) {
            clearTimeout(t);
            ok();
          }
        });
        child.once('exit', (c) => fail(new Error(`exited ${c}:\n${out}`)));
      });
      expect(out).toContain('browser mode');
      expect(out).toContain('演示密钥，PIN 码 123456');
      expect(out).toMatch(/内嵌编办服务器：https:\/\/127\.0\.0\.1:\d+/);
      const url = /请用浏览器打开：(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)![1]!;
      const status = await new Promise<number>((ok) => request(url, (res) => ok(res.statusCode ?? 0)).end());
      expect(status).toBe(200);
      // The launch URL opens one window once; the terminal then shows a fresh one for the next window.
      const again = await new Promise<number>((ok) => request(url, (res) => ok(res.statusCode ?? 0)).end());
      expect(again).toBe(410);
      await expect.poll(() => /如需再打开一个窗口，请用新地址：(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)?.[1] ?? '').toMatch(/token=/);
      const fresh = /如需再打开一个窗口，请用新地址：(\S+)/.exec(out)![1]!;
      expect(fresh).not.toBe(url);
      expect(await new Promise<number>((ok) => request(fresh, (res) => ok(res.statusCode ?? 0)).end())).toBe(200);
      const bare = await new Promise<number>((ok) => request(url.replace(/\?token=.*$/, ''), (res) => ok(res.statusCode ?? 0)).end());
      expect(bare).toBe(401);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }, 120_000);
});
