/**
 * The business end to end, over HTTPS, against the real server process (`ebz server`) on PostgreSQL 15
 * with its CA key on a SoftHSM2 token, and every unit request signed on a SoftHSM2 token:
 * login → post-use request from a subordinate institution → supervisor approves → bianban approves →
 * slip numbered and sealed → enrollment on a slot → notice → departure → vacancy back;
 * /verify confirms each form; the audit chain verifies.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { importRecords } from '../../server/import/import-seed';
import { httpsClient } from './helpers/https-client';
import { MODULE, softHsm, TokenIdentity, type SoftHsm } from './helpers/softhsm';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { idNumber, worldRecords } from './helpers/world';

const EBZ = fileURLToPath(new URL('../../cli/ebz.mjs', import.meta.url));
const CA_PIN = 'ca-pin-8642';

let t: TestDatabase;
let hsm: SoftHsm;
let dataDir: string;
let server: ChildProcess | undefined;
let call: ReturnType<typeof httpsClient>;

function ebzSync(args: string[]): string {
  return execFileSync(process.execPath, [EBZ, ...args], { env: { ...process.env, EBZ_CA_PIN: CA_PIN }, encoding: 'utf8' });
}

function startServer(): Promise<number> {
  return new Promise((resolve, reject) => {
    server = spawn(process.execPath, [EBZ, 'server', '--host', '127.0.0.1', '--port', '0', '--data', dataDir, '--database-url', t.url, '--ca-module', MODULE, '--ca-token', 'bianban-ca'], {
      env: { ...process.env, EBZ_CA_PIN: CA_PIN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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

beforeAll(async () => {
  hsm = softHsm();
  hsm.newToken('bianban-ca', 'ca-so-pin', CA_PIN);
  t = await createTestDatabase();
  await importRecords(t.db, worldRecords(), { today: '2026-01-01' });
  dataDir = mkdtempSync(join(tmpdir(), 'ebz-walk-'));
}, 120_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  await t?.drop();
  hsm?.remove();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('walk-through over HTTPS with SoftHSM2 keys', () => {
  it('runs the whole business and every form verifies', async () => {
    // Bootstrap: the first reviewer's certificate is issued offline on the server machine.
    const reviewer = await TokenIdentity.create(hsm, '济南编办审核员', '111111');
    writeFileSync(join(dataDir, 'reviewer.csr'), await reviewer.csr());
    const out = ebzSync(['server', 'issue-cert', '--csr', join(dataDir, 'reviewer.csr'), '--role', 'reviewer', '--bianban', 'C1', '--holder', reviewer.name, '--out', join(dataDir, 'reviewer.pem'), '--data', dataDir, '--database-url', t.url, '--ca-module', MODULE, '--ca-token', 'bianban-ca']);
    const reviewerSerial = /序列号 ([0-9a-f]+)/.exec(out)![1]!;
    await reviewer.storeCertificate(readFileSync(join(dataDir, 'reviewer.pem'), 'utf8'), reviewerSerial);

    const port = await startServer();
    const caPem = readFileSync(join(dataDir, 'ca', 'ca-cert-pkcs11.pem'), 'utf8');
    call = httpsClient(`https://127.0.0.1:${port}`, caPem);
    expect((await call('GET', '/healthz')).json).toMatchObject({ status: 'ok', database: 'postgres' });

    const login = async (id: TokenIdentity) => {
      const ch = await call('POST', '/api/v1/auth/challenge');
      const r = await call('POST', '/api/v1/auth/login', undefined, { certificate: id.cert, challenge: ch.json.challenge, signature: await id.sign({ challenge: ch.json.challenge, purpose: 'login' }) });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      return r.json.token as string;
    };
    const rev = await login(reviewer);

    // The reviewer provisions the two unit keys through the CA endpoint.
    const provision = async (name: string, unitId: string, pin: string) => {
      const id = await TokenIdentity.create(hsm, name, pin);
      const r = await call('POST', '/api/v1/ca/certificates', rev, { csr: await id.csr(), role: 'unit', unitId, holderName: name });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      await id.storeCertificate(r.json.certificate, r.json.serial);
      return id;
    };
    const instKey = await provision('医院经办人', 'INST', '222222');
    const deptKey = await provision('卫健委经办人', 'DEPT', '333333');
    const inst = await login(instKey);
    const dept = await login(deptKey);

    const submit = async (kind: string, payload: unknown) => {
      const content = { id: randomUUID(), kind, unitId: 'INST', payload, createdAt: new Date().toISOString() };
      const r = await call('POST', '/api/v1/sync/push', inst, { requests: [{ ...content, signature: await instKey.sign(content) }] });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
      expect(r.json.results[0].state).toBe('supervisorReview');
      return content.id;
    };
    const approveBoth = async (id: string) => {
      const q = await call('GET', '/api/v1/review/queue', dept);
      expect(q.json.items.map((i: { id: string }) => i.id)).toContain(id);
      expect((await call('POST', `/api/v1/requests/${id}/decision`, dept, { outcome: 'approve', comment: '同意上报' })).json.request.state).toBe('bianbanReview');
      const rq = await call('GET', '/api/v1/review/queue', rev);
      expect(rq.json.items.map((i: { id: string }) => i.id)).toContain(id);
      const d = await call('POST', `/api/v1/requests/${id}/decision`, rev, { outcome: 'approve', comment: '同意' });
      expect(d.status, JSON.stringify(d.json)).toBe(200);
      expect(d.json.request.state).toBe('approved');
      return d.json.request.result as { formNumber: string; staffId?: string };
    };
    const vacant = async () => (await call('GET', '/api/v1/units/INST/summary', inst)).json.vacant['institutional:full'] as number;
    const verify = async (n: string) => (await call('GET', `/verify/${encodeURIComponent(n)}`)).json;

    expect(await vacant()).toBe(4);
    const slip = (await approveBoth(await submit('postUse', { postKey: 'institutional:full', count: 1, recruitChannel: 'openRecruitment', reason: '急诊科医师' }))).formNumber;
    expect(slip).toMatch(/^济机编用〔\d{4}〕0001号$/);
    expect(await vacant()).toBe(3);
    expect(await verify(slip)).toMatchObject({ genuine: true, status: 'current', kind: 'postUseSlip' });

    const person = { name: '钱七', idNumber: idNumber('19970707', 55), sex: 'male', birthDate: '1997-07-07', ethnicity: '汉族', education: 'master', politicalStatus: '群众', phone: '' };
    const enrolled = await approveBoth(await submit('enrollment', { slipNumber: slip, slotNo: 1, person, divisionId: 'DIV1', position: '医师', positionLevel: '专技十二级', enrolledOn: '2026-03-01', photoDigest: null }));
    expect(enrolled.formNumber).toMatch(/^济机编入〔\d{4}〕0001号$/);
    expect(await verify(enrolled.formNumber)).toMatchObject({ genuine: true, status: 'current', kind: 'enrollmentNotice' });
    expect(await verify(slip)).toMatchObject({ genuine: true, status: 'usedUp' });
    expect(await vacant()).toBe(3);

    const departed = await approveBoth(await submit('departure', { staffId: enrolled.staffId, reason: 'transferOut', departedOn: '2026-09-30', note: '调往省立医院' }));
    expect(departed.formNumber).toMatch(/^济机编出〔\d{4}〕0001号$/);
    expect(await verify(departed.formNumber)).toMatchObject({ genuine: true, kind: 'departureNotice' });
    expect(await vacant()).toBe(4);

    // The forms are sealed by the CA key on the token: the seal verifies against the pinned CA certificate.
    const form = await call('GET', `/api/v1/forms/${encodeURIComponent(slip)}`, inst);
    const { verifyEnvelope } = await import('../../native/signing');
    const { canonicalJson } = await import('../../domain/crypto/canonical-json');
    expect(verifyEnvelope(new TextEncoder().encode(canonicalJson(form.json.content)), form.json.seal, caPem)).toBe(true);

    // Stop the server cleanly, then check the audit chain with the CLI.
    const exited = new Promise<number | null>((r) => server!.once('exit', (c) => r(c)));
    server!.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(ebzSync(['audit', 'verify', '--database-url', t.url])).toMatch(/审计日志完整/);
  }, 120_000);
});
