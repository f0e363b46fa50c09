/**
 * The CA certifies only the profile's key algorithms (ECDSA P-256, RSA ≥ 2048): a CSR for an RSA-1024,
 * P-384 or Ed25519 key is refused — by the service and over the HTTP route — with a Chinese message
 * naming the key's algorithm and the accepted ones, and nothing is recorded. The algorithm list is a
 * parameter of the profile builder (SM2 is one more entry).
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCertificate, checkSubjectKey, KeyAlgorithmRefusedError, PROFILE_KEY_ALGORITHMS } from '../../native/certificate-profile';
import { caRawSigner } from '../../server/ca/signer';
import { issueCertificate } from '../../server/ca/certificate-service';
import { HttpError } from '../../server/http/errors';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { createWorld, type World } from './helpers/world';

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

type Kind = 'RSA-1024' | 'RSA-2048' | 'RSA-3072' | 'P-256' | 'P-384' | 'Ed25519';

async function keyPair(kind: Kind): Promise<{ keys: CryptoKeyPair; alg: Algorithm & Record<string, unknown> }> {
  const subtle = webcrypto.subtle as unknown as SubtleCrypto;
  if (kind.startsWith('RSA')) {
    const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: Number(kind.slice(4)), publicExponent: new Uint8Array([1, 0, 1]) };
    return { keys: (await subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair, alg };
  }
  if (kind === 'Ed25519') return { keys: (await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair, alg: { name: 'Ed25519' } };
  const alg = { name: 'ECDSA', namedCurve: kind, hash: kind === 'P-384' ? 'SHA-384' : 'SHA-256' };
  return { keys: (await subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair, alg };
}

async function csrFor(kind: Kind): Promise<{ pem: string; spki: Uint8Array }> {
  const { keys, alg } = await keyPair(kind);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=测试经办人', keys, signingAlgorithm: alg }, webcrypto as unknown as Crypto);
  return { pem: csr.toString('pem'), spki: new Uint8Array(csr.publicKey.rawData) };
}

async function certificateCount(): Promise<number> {
  return Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM certificates')).rows[0]!.n);
}

const REFUSED: Array<[Kind, string]> = [
  ['RSA-1024', 'RSA-1024'],
  ['P-384', 'ECDSA P-384'],
  ['Ed25519', 'Ed25519'],
];

describe('the CA certifies only the profile key algorithms', () => {
  it.each(REFUSED)('a %s key is refused with a Chinese message naming it and the accepted algorithms; nothing recorded', async (kind, name) => {
    const { pem } = await csrFor(kind);
    const before = await certificateCount();
    const err = await issueCertificate(w.deps, 'bootstrap', { csr: pem, role: 'unit', unitId: 'INST', holderName: '经办人' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HttpError);
    const e = err as HttpError;
    expect(e.statusCode).toBe(400);
    expect(e.field).toBe('csr');
    expect(e.message).toContain(`公钥算法是 ${name}`);
    expect(e.message).toContain('ECDSA P-256');
    expect(e.message).toContain('RSA（不少于 2048 位）');
    expect(await certificateCount()).toBe(before);
  });

  it('the HTTP route answers 400 naming the field csr', async () => {
    const token = await w.login(w.actors.reviewerC1);
    const r = await w.call('POST', '/api/v1/ca/certificates', token, { csr: (await csrFor('P-384')).pem, role: 'unit', unitId: 'INST', holderName: '经办人' });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json)).toContain('ECDSA P-384');
    expect(JSON.stringify(r.json)).toContain('csr');
  });

  it.each(['P-256', 'RSA-2048', 'RSA-3072'] as Kind[])('a %s key is certified', async (kind) => {
    const b = await issueCertificate(w.deps, 'bootstrap', { csr: (await csrFor(kind)).pem, role: 'unit', unitId: 'INST', holderName: `经办人${kind}` });
    expect(b.serial).toMatch(/^[0-9a-f]+$/);
  });

  it('the profile builder refuses too (also for trusted in-process keys), and the algorithm list is a parameter', async () => {
    const ed = await csrFor('Ed25519');
    const signer = await caRawSigner(w.deps.ca.signer);
    const params = {
      publicKeySpki: ed.spki,
      subject: { commonName: '测试单位' },
      role: 'unit' as const,
      jurisdiction: '370100',
      validity: { notBefore: new Date(), notAfter: new Date(Date.now() + 86_400_000) },
      issuerCert: w.deps.ca.certificate,
      issuerSigner: signer,
    };
    await expect(buildCertificate(params)).rejects.toBeInstanceOf(KeyAlgorithmRefusedError);
    expect(() => checkSubjectKey(ed.spki)).toThrow(/Ed25519/);
    // A profile that lists the key's algorithm certifies it (how SM2 would be added).
    const p384 = await csrFor('P-384');
    expect(() => checkSubjectKey(p384.spki, [...PROFILE_KEY_ALGORITHMS, { kind: 'EC', curve: 'P-384' }])).not.toThrow();
    const cert = await buildCertificate({ ...params, publicKeySpki: p384.spki, acceptedKeys: [{ kind: 'EC', curve: 'P-384' }] });
    expect(cert.publicKey.algorithm).toMatchObject({ name: 'ECDSA' });
  });

  it("the server's TLS certificate is held to the same algorithms", async () => {
    const issue = async (kind: Kind) => w.deps.ca.issue({ subject: 'CN=e-Bianzhi server', publicKey: (await keyPair(kind)).keys.publicKey as never, days: 30, usage: 'server' });
    await expect(issue('P-384')).rejects.toThrow(/ECDSA P-384/);
    await expect(issue('RSA-1024')).rejects.toThrow(/RSA-1024/);
    expect((await issue('P-256')).publicKey.algorithm).toMatchObject({ name: 'ECDSA' });
  });
});
