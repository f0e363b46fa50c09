/**
 * The server CA issues key certificates in the key layer's profile (native/certificate-profile): a CSR made
 * on a SoftHSM2 token by native's Pkcs11Token, issued by the server (function and HTTP route), parses with
 * native/identity to the unit name, credit code, role and jurisdiction the desktop client shows, is written
 * back to the token, and logs in to the server with a signature made on the token. The CA key itself on a
 * PKCS#11 token goes through the same builder.
 */
import 'reflect-metadata';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OID_EBZ_JURISDICTION, OID_EBZ_ROLE } from '../../native/certificate-profile';
import { parseIdentity } from '../../native/identity';
import { CertificateAuthority } from '../../server/ca/authority';
import { issueCertificate } from '../../server/ca/certificate-service';
import { openPkcs11Signer } from '../../server/ca/pkcs11-signer';
import { MODULE, softHsm, TokenIdentity, type SoftHsm } from './helpers/softhsm';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { createWorld, creditCode, type Json, type World } from './helpers/world';

let hsm: SoftHsm;
let t: TestDatabase;
let w: World;
const tokens: TokenIdentity[] = [];

beforeAll(async () => {
  hsm = softHsm();
  t = await createTestDatabase();
  w = await createWorld(t.db);
});
afterAll(async () => {
  for (const id of tokens) await id.token.logout().catch(() => undefined);
  await w?.close();
  await t?.drop();
  hsm?.remove();
});

async function tokenKey(name: string, pin: string): Promise<TokenIdentity> {
  const id = await TokenIdentity.create(hsm, name, pin);
  tokens.push(id);
  return id;
}

async function loginWithToken(id: TokenIdentity): Promise<{ status: number; json: Json }> {
  const ch = await w.call('POST', '/api/v1/auth/challenge');
  const signature = await id.sign({ challenge: ch.json.challenge, purpose: 'login' });
  return w.call('POST', '/api/v1/auth/login', undefined, { certificate: id.cert, challenge: ch.json.challenge, signature });
}

describe('server CA → key profile → native identity', () => {
  it('a unit certificate from a token CSR parses to the unit name, credit code, role and jurisdiction, and logs in', async () => {
    const id = await tokenKey('中心医院经办人', '246810');
    // The CSR's subject is the holder's wish only; the server writes the unit's recorded facts.
    const csr = await id.csr();
    const b = await issueCertificate(w.deps, 'bootstrap', { csr, role: 'unit', unitId: 'INST', holderName: '医院经办人乙' });
    await id.storeCertificate(b.pem, b.serial);

    const parsed = parseIdentity(b.pem);
    expect(parsed).toMatchObject({
      unitName: '济南市中心医院',
      holderName: '济南市中心医院',
      creditCode: creditCode('370100', 2),
      role: 'unit',
      jurisdiction: '370100', // its bianban C1's region code
      serial: b.serial,
      demo: false,
      algorithm: 'ECDSA-P256-SHA256',
    });
    const unit = (await t.db.query<{ credit_code: string }>('SELECT credit_code FROM units WHERE id = $1', ['INST'])).rows[0]!;
    expect(parsed.creditCode).toBe(unit.credit_code);
    expect(parsed.publicKeyHash).toBe(b.spkiSha256);
    expect(new X509Certificate(b.pem).checkIssued(new X509Certificate(w.deps.ca.pem))).toBe(true);

    // The identity the desktop client reads from the token is the same one.
    expect(await id.token.getIdentity()).toMatchObject({ unitName: '济南市中心医院', creditCode: unit.credit_code, role: 'unit', jurisdiction: '370100', serial: b.serial });

    const login = await loginWithToken(id);
    expect(login.status).toBe(200);
    expect(login.json.principal).toMatchObject({ role: 'unit', unitId: 'INST', bianbanId: 'C1', holderName: '医院经办人乙', certSerial: b.serial });
  });

  it('a reviewer certificate issued over the HTTP route by a reviewer carries role reviewer and the bianban jurisdiction', async () => {
    const id = await tokenKey('青岛审核员乙', '135790');
    const reviewerToken = await w.login(w.actors.reviewerP);
    const r = await w.call('POST', '/api/v1/ca/certificates', reviewerToken, { csr: await id.csr(), role: 'reviewer', bianbanId: 'C2', holderName: '青岛审核员乙' });
    expect(r.status).toBe(200);
    await id.storeCertificate(r.json.certificate, r.json.serial);
    expect(parseIdentity(r.json.certificate)).toMatchObject({
      holderName: '青岛审核员乙',
      unitName: '青岛市机构编制委员会办公室',
      creditCode: '',
      role: 'reviewer',
      jurisdiction: '370200',
      serial: r.json.serial,
    });
    const login = await loginWithToken(id);
    expect(login.status).toBe(200);
    expect(login.json.principal).toMatchObject({ role: 'reviewer', bianbanId: 'C2' });
    // The binding and an audit entry were recorded by the issuing reviewer.
    const audit = await t.db.query<{ actor: string }>("SELECT actor FROM audit_log WHERE action = 'certificate.issue' AND entity_id = $1", [r.json.serial]);
    expect(audit.rows.map((a) => a.actor)).toEqual([w.actors.reviewerP.serial]);
  });

  it('the demo marker survives the profile and is what production mode refuses', async () => {
    const id = await tokenKey('演示经办人', '112233');
    const b = await issueCertificate(w.deps, 'bootstrap', { csr: await id.csr(), role: 'unit', unitId: 'OTHER', holderName: '演示经办人', demo: true });
    expect(parseIdentity(b.pem)).toMatchObject({ demo: true, role: 'unit', unitName: '青岛市教育局', jurisdiction: '370200' });
    expect(CertificateAuthority.isDemo(new (await import('@peculiar/x509')).X509Certificate(b.pem))).toBe(true);
  });

  it('a CA key on a PKCS#11 token issues profile certificates too (CA certificate self-signed through the same builder)', async () => {
    hsm.newToken('bianban-ca', 'so-ca-pin', '975310');
    const signer = await openPkcs11Signer({ modulePath: MODULE, pin: '975310', tokenLabel: 'bianban-ca', generate: true });
    try {
      const ca = await CertificateAuthority.open(signer, null, '济南市机构编制委员会办公室 CA');
      const caCert = new X509Certificate(ca.pem);
      expect(caCert.ca).toBe(true);
      expect(caCert.checkIssued(caCert)).toBe(true);
      const id = await tokenKey('令牌CA测试单位', '864200');
      const cert = await ca.issueKey({
        csr: await id.csr(),
        subject: { commonName: '济南市卫生健康委员会', organization: '济南市卫生健康委员会', creditCode: creditCode('370100', 1) },
        role: 'unit',
        jurisdiction: '370100',
        days: 30,
      });
      expect(cert.getExtension(OID_EBZ_ROLE)).not.toBeNull();
      expect(cert.getExtension(OID_EBZ_JURISDICTION)).not.toBeNull();
      expect(await ca.verifyIssued(cert)).toBe(true);
      expect(new X509Certificate(cert.toString('pem')).checkIssued(caCert)).toBe(true);
      expect(parseIdentity(cert.toString('pem'))).toMatchObject({ unitName: '济南市卫生健康委员会', creditCode: creditCode('370100', 1), role: 'unit', jurisdiction: '370100' });
      // A reopened CA accepts its stored certificate only with the same key.
      expect((await CertificateAuthority.open(signer, ca.pem)).pem).toBe(ca.pem);
    } finally {
      await signer.close();
    }
  });

  it('refuses a CSR whose signature does not match its key, with the reason', async () => {
    const id = await tokenKey('篡改请求', '192837');
    const pem = await id.csr();
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    der[der.length - 5] = der[der.length - 5]! ^ 0x01; // flip a bit inside the signature
    const bad = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----`;
    const e = await issueCertificate(w.deps, 'bootstrap', { csr: bad, role: 'unit', unitId: 'INST', holderName: 'x' }).catch((err: unknown) => err);
    expect((e as Error).message).toMatch(/CSR/);
    const count = await t.db.query<{ n: string }>("SELECT count(*)::text AS n FROM certificates WHERE holder_name = 'x'");
    expect(count.rows[0]!.n).toBe('0');
  });
});
