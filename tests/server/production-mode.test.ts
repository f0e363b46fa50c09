/**
 * Production mode refuses demo-key certificates (extension 1.3.6.1.4.1.59999.1.3) at login; development
 * mode accepts them. Checked in the app (inject) and through the real `ebz server --production` process.
 */
import 'reflect-metadata';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CERTIFICATE_OID } from '../../domain/api/auth';
import { issueCertificate } from '../../server/ca/certificate-service';
import { httpsClient } from './helpers/https-client';
import { signWith, softKey, type SoftKey } from './helpers/identities';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { createWorld, worldRecords, type World } from './helpers/world';

const EBZ = fileURLToPath(new URL('../../cli/ebz.mjs', import.meta.url));

let t: TestDatabase;
let w: World;
beforeAll(async () => {
  t = await createTestDatabase();
  w = await createWorld(t.db);
});
afterAll(async () => {
  await w?.close();
  await t?.drop();
});

async function loginWith(key: SoftKey, cert: string) {
  const ch = await w.call('POST', '/api/v1/auth/challenge');
  return w.call('POST', '/api/v1/auth/login', undefined, { certificate: cert, challenge: ch.json.challenge, signature: await signWith(key, cert, { challenge: ch.json.challenge, purpose: 'login' }) });
}

describe('demo certificates and production mode (inject)', () => {
  it('development mode issues and accepts a demo certificate; production mode refuses it with a clear message', async () => {
    const key = await softKey('演示单位');
    const demo = await issueCertificate(w.deps, 'bootstrap', { csr: key.csr, role: 'unit', unitId: 'INST', holderName: '演示经办人', demo: true });
    expect(new x509.X509Certificate(demo.pem).getExtension(DEMO_CERTIFICATE_OID)).not.toBeNull();
    expect((await loginWith(key, demo.pem)).status).toBe(200);

    w.deps.config.production = true;
    try {
      const r = await loginWith(key, demo.pem);
      expect(r.status).toBe(401);
      expect(r.json.error.code).toBe('DEMO_CERTIFICATE');
      expect(r.json.error.message).toContain('演示密钥');
      expect(r.json.error.message).toContain('生产环境');
      // A regular certificate still logs in, and production refuses to issue demo certificates.
      expect(await w.login(w.actors.inst)).toMatch(/\S{20,}/);
      const again = await issueCertificate(w.deps, 'bootstrap', { csr: key.csr, role: 'unit', unitId: 'INST', holderName: 'x', demo: true }).catch((e: unknown) => e);
      expect((again as Error).message).toContain('不签发演示密钥证书');
    } finally {
      w.deps.config.production = false;
    }
  });
});

describe('ebz server --production (real process, PGlite)', () => {
  let dir = '';
  let server: ChildProcess | undefined;
  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function start(args: string[]): Promise<number> {
    return new Promise((resolve, reject) => {
      server = spawn(process.execPath, [EBZ, 'server', '--host', '127.0.0.1', '--port', '0', '--data', dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      server.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /"port":(\d+)[^\n]*bianban server listening/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      server.stderr!.on('data', (c: Buffer) => (out += c.toString()));
      server.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
    });
  }

  it('refuses the demo certificate that `ebz server issue-cert --demo` made', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ebz-prod-'));
    const file = join(dir, 'world.json');
    writeFileSync(file, JSON.stringify(worldRecords()));
    execFileSync(process.execPath, [EBZ, 'server', 'import', file, '--data', dir], { encoding: 'utf8' });
    const key = await softKey('演示单位');
    writeFileSync(join(dir, 'demo.csr'), key.csr);
    const out = execFileSync(process.execPath, [EBZ, 'server', 'issue-cert', '--csr', join(dir, 'demo.csr'), '--role', 'unit', '--unit', 'INST', '--holder', '演示经办人', '--out', join(dir, 'demo.pem'), '--data', dir, '--demo'], { encoding: 'utf8' });
    expect(out).toContain('已签发证书');
    const cert = readFileSync(join(dir, 'demo.pem'), 'utf8');

    const port = await start(['--production']);
    const call = httpsClient(`https://127.0.0.1:${port}`, readFileSync(join(dir, 'ca', 'ca-cert.pem'), 'utf8'));
    const ch = await call('POST', '/api/v1/auth/challenge');
    const r = await call('POST', '/api/v1/auth/login', undefined, { certificate: cert, challenge: ch.json.challenge, signature: await signWith(key, cert, { challenge: ch.json.challenge, purpose: 'login' }) });
    expect(r.status).toBe(401);
    expect(r.json.error).toMatchObject({ code: 'DEMO_CERTIFICATE' });
  }, 60_000);
});
