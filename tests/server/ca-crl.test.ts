/**
 * The CRL served at GET /ca/crl checks with the real OpenSSL against the CA certificate served at
 * GET /ca/certificate: the issuer Name is the certificate's subject byte for byte (same string types),
 * it carries the authority key identifier and an increasing cRLNumber, `openssl crl -verify` passes,
 * and `openssl verify -crl_check` reports the revoked certificate revoked and the other one good.
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificate, revoke } from '../../server/ca/certificate-service';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { createWorld, type World } from './helpers/world';

let t: TestDatabase;
let w: World;
let dir: string;
let revokedPem: string;
let goodPem: string;

function openssl(...args: string[]): { status: number | null; out: string } {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

async function get(url: string): Promise<Buffer> {
  const r = await w.app.inject({ method: 'GET', url });
  expect(r.statusCode).toBe(200);
  return r.rawPayload;
}

function spki(): Uint8Array {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ebz-crl-'));
  t = await createTestDatabase();
  w = await createWorld(t.db);
  const revoked = await issueCertificate(w.deps, 'bootstrap', { publicKeySpki: spki(), role: 'unit', unitId: 'INST', holderName: '将被吊销' });
  const good = await issueCertificate(w.deps, 'bootstrap', { publicKeySpki: spki(), role: 'unit', unitId: 'INST', holderName: '仍然有效' });
  await revoke(w.deps, 'bootstrap', revoked.serial, '密钥遗失');
  revokedPem = revoked.pem;
  goodPem = good.pem;
  writeFileSync(join(dir, 'ca.pem'), await get('/ca/certificate'));
  writeFileSync(join(dir, 'revoked.pem'), revokedPem);
  writeFileSync(join(dir, 'good.pem'), goodPem);
});
afterAll(async () => {
  await w?.close();
  await t?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function crlNumber(text: string): bigint {
  const m = /X509v3 CRL Number:\s*\n\s*([0-9]+)/.exec(text);
  expect(m, text).not.toBeNull();
  return BigInt(m![1]!);
}

describe('GET /ca/crl with the openssl binary', () => {
  it('openssl crl -CAfile ca.pem -verify passes, for PEM and DER', async () => {
    writeFileSync(join(dir, 'crl.pem'), await get('/ca/crl'));
    const pem = openssl('crl', '-in', 'crl.pem', '-CAfile', 'ca.pem', '-verify', '-noout');
    expect(pem.status, pem.out).toBe(0);
    expect(pem.out).toContain('verify OK');
    writeFileSync(join(dir, 'crl.der'), await get('/ca/crl?format=der'));
    const der = openssl('crl', '-inform', 'DER', '-in', 'crl.der', '-CAfile', 'ca.pem', '-verify', '-noout');
    expect(der.status, der.out).toBe(0);
  });

  it("the CRL's issuer is the CA certificate's subject with the same string types", () => {
    const issuer = openssl('crl', '-in', 'crl.pem', '-noout', '-issuer', '-nameopt', 'multiline,show_type');
    const subject = openssl('x509', '-in', 'ca.pem', '-noout', '-subject', '-nameopt', 'multiline,show_type');
    expect(issuer.status).toBe(0);
    expect(issuer.out.replace(/^issuer=/, '')).toBe(subject.out.replace(/^subject=/, ''));
    expect(subject.out).toContain('UTF8STRING:e-Bianzhi');
  });

  it('carries the authority key identifier (the CA certificate SKI) and a cRLNumber that increases', async () => {
    const text = openssl('crl', '-in', 'crl.pem', '-noout', '-text').out;
    const ski = new x509.X509Certificate(w.deps.ca.pem).getExtension(x509.SubjectKeyIdentifierExtension)!.keyId;
    const aki = /X509v3 Authority Key Identifier:\s*\n\s*(?:keyid:)?([0-9A-F:]+)/.exec(text)?.[1];
    expect(aki?.replace(/:/g, '').toLowerCase()).toBe(ski.toLowerCase());
    const first = crlNumber(text);
    writeFileSync(join(dir, 'crl2.pem'), await get('/ca/crl'));
    writeFileSync(join(dir, 'crl3.pem'), await get('/ca/crl'));
    const second = crlNumber(openssl('crl', '-in', 'crl2.pem', '-noout', '-text').out);
    const third = crlNumber(openssl('crl', '-in', 'crl3.pem', '-noout', '-text').out);
    expect(second).toBeGreaterThan(first);
    expect(third).toBeGreaterThan(second);
  });

  it('openssl verify -crl_check: the revoked certificate is revoked, the other one is good', () => {
    const bad = openssl('verify', '-crl_check', '-CAfile', 'ca.pem', '-CRLfile', 'crl.pem', 'revoked.pem');
    expect(bad.status).not.toBe(0);
    expect(bad.out).toContain('certificate revoked');
    const ok = openssl('verify', '-crl_check', '-CAfile', 'ca.pem', '-CRLfile', 'crl.pem', 'good.pem');
    expect(ok.status, ok.out).toBe(0);
    expect(ok.out).toContain('good.pem: OK');
  });
});
