/**
 * `ebz token` against a real SoftHSM2 token directory made for this file (SOFTHSM2_CONF is passed
 * to the CLI processes only), with a throwaway development CA.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const ebz = join(import.meta.dirname, '../../cli/ebz.mjs');
const script = join(import.meta.dirname, '../../scripts/softhsm-token.sh');

let dir: string;
let env: NodeJS.ProcessEnv;
let caDir: string;

function ebzRun(...args: string[]) {
  return exec('node', [ebz, 'token', ...args], { env, timeout: 60_000 });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ebz-cli-token-'));
  const out = execFileSync('bash', [script, '--dir', join(dir, 'hsm')], { encoding: 'utf8' });
  const conf = /SOFTHSM2_CONF=(\S+)/.exec(out)![1]!;
  env = { ...process.env, SOFTHSM2_CONF: conf, NODE_ENV: 'production' };
  caDir = join(dir, 'ca');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ebz token', () => {
  it('init provisions a unit key (EC) and info shows slots, flags and identity without login', async () => {
    const { stdout } = await ebzRun('init', '--label', '财政局', '--so-pin', '12345678', '--pin', '654321', '--unit', '11330100002482070U', '--unit-name', '某某县财政局', '--ca-dir', caDir);
    expect(stdout).toContain('密钥已初始化并写入证书');
    expect(stdout).toContain('统一社会信用代码：11330100002482070U');
    const info = JSON.parse((await ebzRun('info', '--json')).stdout) as {
      slots: Array<{ token?: { label: string; serialNumber: string; initialized: boolean } }>;
      identities: Record<string, { unitName: string; role: string; jurisdiction: string; algorithm: string }>;
    };
    const tok = info.slots.find((s) => s.token?.label === '财政局')!.token!;
    expect(tok.initialized).toBe(true);
    expect(info.identities[tok.serialNumber]).toMatchObject({ unitName: '某某县财政局', role: 'unit', jurisdiction: '330100', algorithm: 'ECDSA-P256-SHA256' });
    expect(info.slots.some((s) => s.token && !s.token.initialized)).toBe(true); // SoftHSM2's next blank slot
  });

  it('init provisions a reviewer key with RSA in the next blank slot', async () => {
    const { stdout } = await ebzRun('init', '--label', '审核员张', '--so-pin', '12345678', '--pin', '112233', '--reviewer', '张审核', '--jurisdiction', '330100', '--bianban', '某某市机构编制委员会办公室', '--ca-dir', caDir, '--rsa', '--json');
    expect(JSON.parse(stdout).identity).toMatchObject({ role: 'reviewer', holderName: '张审核', unitName: '某某市机构编制委员会办公室', algorithm: 'RSA-PKCS1-SHA256' });
  });

  it('info --login checks the PIN and self-tests a signature; a wrong PIN exits 1 with the Chinese reason', async () => {
    const { stdout } = await ebzRun('info', '--label', '审核员张', '--login', '--pin', '112233');
    expect(stdout).toMatch(/PIN 正确；签名自检通过/);
    const err = await ebzRun('info', '--label', '财政局', '--login', '--pin', '000000').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 1, stderr: expect.stringContaining('PIN 码错误') });
    expect((err as { stderr: string }).stderr).not.toContain('000000');
  });

  it('reset-pin sets a new user PIN with the SO PIN (unlock at the bianban)', async () => {
    await ebzRun('reset-pin', '--label', '财政局', '--so-pin', '12345678', '--new-pin', '778899');
    await expect(ebzRun('info', '--label', '财政局', '--login', '--pin', '654321')).rejects.toMatchObject({ code: 1 });
    expect((await ebzRun('info', '--label', '财政局', '--login', '--pin', '778899')).stdout).toContain('PIN 正确');
    await expect(ebzRun('reset-pin', '--label', '财政局', '--so-pin', '87654321', '--new-pin', '778899')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('管理员 PIN 码（SO PIN）错误'),
    });
  });

  it('explains bad arguments: invalid credit code, missing jurisdiction, missing module', async () => {
    await expect(ebzRun('init', '--label', 'x', '--so-pin', '12345678', '--pin', '654321', '--unit', '11330100002482070A', '--ca-dir', caDir)).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('校验码应为 U'),
    });
    await expect(ebzRun('init', '--label', 'x', '--so-pin', '12345678', '--pin', '654321', '--reviewer', '李四', '--ca-dir', caDir)).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('缺少 --jurisdiction'),
    });
    await expect(ebzRun('info', '--module', '/nonexistent/vendor-pkcs11.so')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('找不到密钥驱动'),
    });
  });
});
