/**
 * `ebz token` against a real SoftHSM2 token directory made for this file (SOFTHSM2_CONF is passed
 * to the CLI processes only), with a throwaway development CA.
 */
import { execFile, execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../domain/crypto/canonical-json';
import { parseIdentity } from '../../native/identity';
import { loadPkcs11Module } from '../../native/pkcs11-module';
import { Pkcs11Token } from '../../native/pkcs11-token';
import { startServer } from '../../server/main';
import { httpsClient } from '../server/helpers/https-client';
import { creditCode, worldRecords } from '../server/helpers/world';

const exec = promisify(execFile);
const ebz = join(import.meta.dirname, '../../cli/ebz.mjs');
const script = join(import.meta.dirname, '../../scripts/softhsm-token.sh');

let dir: string;
let env: NodeJS.ProcessEnv;
let caDir: string;
let conf: string;

function ebzRun(...args: string[]) {
  return exec('node', [ebz, 'token', ...args], { env, timeout: 60_000 });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ebz-cli-token-'));
  const out = execFileSync('bash', [script, '--dir', join(dir, 'hsm')], { encoding: 'utf8' });
  conf = /SOFTHSM2_CONF=(\S+)/.exec(out)![1]!;
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

// Each test runs up to four `ebz token` processes that each boot PGlite (1–5 s apiece on a busy 2-core machine),
// hence more than the default 30 s of headroom; the fixed costs are kept out of the tests themselves.
describe('ebz token init --server-data (the bianban server\'s CA, embedded PGlite)', { timeout: 60_000 }, () => {
  // A new PGlite cluster costs an initdb in WebAssembly (6 s idle, 15 s on a loaded machine): the province is
  // imported once, and each test starts from a copy of that server data directory.
  let imported: string;
  beforeAll(async () => {
    imported = join(dir, 'server-imported');
    const records = join(dir, 'province.json');
    writeFileSync(records, JSON.stringify(worldRecords()));
    await exec('node', [ebz, 'server', 'import', records, '--data', imported], { env, timeout: 120_000 });
  });
  const serverDataCopy = (name: string) => {
    const serverData = join(dir, name);
    cpSync(imported, serverData, { recursive: true });
    return serverData;
  };

  it('issues through the server CA (binding + audit), and the token then logs in to that server', async () => {
    const serverData = serverDataCopy('server');
    const code = creditCode('370100', 2); // 济南市中心医院, registered with 济南市编办 (370100)

    // A credit code the server does not know: refused before the token is touched.
    await expect(
      ebzRun('init', '--label', '未知单位', '--so-pin', '12345678', '--pin', '445566', '--unit', creditCode('370100', 9), '--server-data', serverData),
    ).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('服务器数据库中没有统一社会信用代码为') });
    const infoAfterRefusal = JSON.parse((await ebzRun('info', '--json')).stdout) as { slots: Array<{ token?: { label: string } }> };
    expect(infoAfterRefusal.slots.some((s) => s.token?.label === '未知单位')).toBe(false);

    const unit = await ebzRun('init', '--label', '中心医院', '--so-pin', '12345678', '--pin', '445566', '--unit', code, '--holder', '医院经办人', '--server-data', serverData, '--json');
    const issued = JSON.parse(unit.stdout) as { identity: { serial: string }; server: { unitId: string } };
    expect(issued.identity).toMatchObject({ unitName: '济南市中心医院', creditCode: code, role: 'unit', jurisdiction: '370100', demo: false });
    expect(issued.server).toMatchObject({ role: 'unit', unitId: 'INST', holderName: '医院经办人' });

    const reviewer = await ebzRun('init', '--label', '青岛审核员', '--so-pin', '12345678', '--pin', '667788', '--reviewer', '青岛审核员', '--jurisdiction', '370200', '--server-data', serverData);
    expect(reviewer.stdout).toContain('编办服务器 CA 签发的证书');
    expect(reviewer.stdout).toContain('管辖区域：370200');
    expect(reviewer.stdout).toContain('编办 C2');

    // The same PGlite directory, now served; the token signs the login challenge.
    process.env.SOFTHSM2_CONF = conf;
    const server = await startServer({ host: '127.0.0.1', port: 0, dataDir: serverData, expiryIntervalMs: 0, logger: pino({ level: 'silent' }) });
    const module = loadPkcs11Module();
    try {
      const call = httpsClient(server.url, readFileSync(join(serverData, 'ca', 'ca-cert.pem'), 'utf8'));
      const loginAs = async (label: string, pin: string) => {
        const token = new Pkcs11Token({ module, slot: { label } });
        await token.login(pin);
        try {
          const certificate = (await token.certificatePem())!;
          const ch = await call('POST', '/api/v1/auth/challenge');
          const signature = await token.sign(new TextEncoder().encode(canonicalJson({ challenge: ch.json.challenge, purpose: 'login' })));
          return { certificate, r: await call('POST', '/api/v1/auth/login', undefined, { certificate, challenge: ch.json.challenge, signature }) };
        } finally {
          await token.logout();
        }
      };
      const u = await loginAs('中心医院', '445566');
      expect(u.r.status, JSON.stringify(u.r.json)).toBe(200);
      expect(u.r.json.principal).toMatchObject({ role: 'unit', unitId: 'INST', bianbanId: 'C1', holderName: '医院经办人', certSerial: issued.identity.serial });
      expect(parseIdentity(u.certificate).serial).toBe(issued.identity.serial);
      const rv = await loginAs('青岛审核员', '667788');
      expect(rv.r.status, JSON.stringify(rv.r.json)).toBe(200);
      expect(rv.r.json.principal).toMatchObject({ role: 'reviewer', bianbanId: 'C2', holderName: '青岛审核员' });

      const audit = await server.deps.db.query<{ actor: string; entity_id: string }>("SELECT actor, entity_id FROM audit_log WHERE action = 'certificate.issue' ORDER BY seq");
      expect(audit.rows).toEqual([
        { actor: 'bootstrap', entity_id: issued.identity.serial },
        { actor: 'bootstrap', entity_id: parseIdentity(rv.certificate).serial },
      ]);
    } finally {
      module.close();
      await server.close();
    }
  });

  it('with the CA key on a PKCS#11 token (--ca-module/--ca-token, PIN from EBZ_CA_PIN only)', async () => {
    const serverData = serverDataCopy('server-token-ca');
    execFileSync('softhsm2-util', ['--init-token', '--free', '--label', 'bianban-ca', '--so-pin', '87654321', '--pin', '246802'], { env, stdio: 'ignore' });
    const args = ['init', '--label', '济南审核员', '--so-pin', '12345678', '--pin', '135791', '--reviewer', '济南审核员', '--jurisdiction', '370100', '--server-data', serverData, '--ca-module', '/usr/lib/softhsm/libsofthsm2.so', '--ca-token', 'bianban-ca', '--json'];
    await expect(ebzRun(...args)).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('EBZ_CA_PIN') });
    const { stdout } = await exec('node', [ebz, 'token', ...args], { env: { ...env, EBZ_CA_PIN: '246802' }, timeout: 60_000 });
    const out = JSON.parse(stdout) as { identity: { role: string; jurisdiction: string; unitName: string }; server: { bianbanId: string } };
    expect(out.identity).toMatchObject({ role: 'reviewer', jurisdiction: '370100', unitName: '济南市机构编制委员会办公室' });
    expect(out.server.bianbanId).toBe('C1');
    // The certificate chains to the CA certificate kept for the token key (the one `ebz server --ca-module` serves).
    const caPem = readFileSync(join(serverData, 'ca', 'ca-cert-pkcs11.pem'), 'utf8');
    process.env.SOFTHSM2_CONF = conf;
    const module = loadPkcs11Module();
    try {
      const pem = (await new Pkcs11Token({ module, slot: { label: '济南审核员' } }).certificatePem())!;
      expect(new X509Certificate(pem).checkIssued(new X509Certificate(caPem))).toBe(true);
    } finally {
      module.close();
    }
  });
});
