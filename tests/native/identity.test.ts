/**
 * The certificate profile and identity parsing, with software keys (no token needed): subject
 * fields and private extensions round-trip, validity is enforced, CSR signatures are checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevCa, keyObjectSigner } from '../../native/dev-ca';
import { buildCertificate, buildCsr, OID_EBZ_JURISDICTION, OID_EBZ_ROLE } from '../../native/certificate-profile';
import { assertIdentityValid, parseIdentity } from '../../native/identity';
import { KeyError } from '../../native/key-errors';
import { publicKeyHash } from '../../native/signing';
import * as x509 from '../../native/x509';

let dir: string;
let ca: DevCa;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ebz-id-'));
  ca = await DevCa.open(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ecKey = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;

describe('certificate profile', () => {
  it('carries unit name, credit code, role and jurisdiction where docs/usb-key.md says', async () => {
    const key = ecKey();
    const subject = { commonName: '某某市人力资源和社会保障局, 法规科', organization: '某某市人力资源和社会保障局, 法规科', creditCode: '11330100002482070U' };
    const csr = await buildCsr({ subject, signer: keyObjectSigner(key) });
    const cert = await ca.issue({ csr: csr.toString('pem'), subject, role: 'unit', jurisdiction: '330100' });
    const node = new X509Certificate(cert.toString('pem'));
    expect(node.subject).toContain('organizationIdentifier=11330100002482070U');
    expect(cert.getExtension(OID_EBZ_ROLE)).not.toBeNull();
    expect(cert.getExtension(OID_EBZ_JURISDICTION)).not.toBeNull();
    expect(node.checkIssued(new X509Certificate(ca.certificatePem))).toBe(true);
    const id = parseIdentity(cert.toString('pem'));
    expect(id).toMatchObject({
      unitName: '某某市人力资源和社会保障局, 法规科',
      creditCode: '11330100002482070U',
      role: 'unit',
      jurisdiction: '330100',
      demo: false,
      serial: node.serialNumber.toLowerCase().replace(/^(00)+/, ''),
    });
    expect(id.publicKeyHash).toBe(publicKeyHash(node.publicKey.export({ type: 'spki', format: 'der' })));
    expect(id.notAfter.getTime()).toBe(new Date(node.validTo).getTime());
  });

  it('issues reviewer certificates (name + bianban + jurisdiction) and RSA keys', async () => {
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const subject = { commonName: '张审核', organization: '某某市机构编制委员会办公室' };
    const csr = await buildCsr({ subject, signer: keyObjectSigner(key) });
    const cert = await ca.issue({ csr: csr.toString('pem'), subject, role: 'reviewer', jurisdiction: '330100' });
    expect(parseIdentity(cert.rawData ? new Uint8Array(cert.rawData) : cert.toString('pem'))).toMatchObject({
      holderName: '张审核',
      unitName: '某某市机构编制委员会办公室',
      role: 'reviewer',
      jurisdiction: '330100',
      algorithm: 'RSA-PKCS1-SHA256',
      creditCode: '',
    });
  });

  it('refuses a reviewer without jurisdiction and a malformed jurisdiction', async () => {
    const csr = (await buildCsr({ subject: { commonName: 'x' }, signer: keyObjectSigner(ecKey()) })).toString('pem');
    await expect(ca.issue({ csr, subject: { commonName: 'x' }, role: 'reviewer' })).rejects.toThrow(/管辖区域/);
    await expect(ca.issue({ csr, subject: { commonName: 'x' }, role: 'unit', jurisdiction: '33' })).rejects.toThrow(/6 位行政区划代码/);
  });

  it('refuses a CSR whose signature does not match its key', async () => {
    const signer = keyObjectSigner(ecKey());
    const other = keyObjectSigner(ecKey());
    const forged = await buildCsr({ subject: { commonName: 'x' }, signer: { ...signer, sign: other.sign } });
    await expect(ca.issue({ csr: forged.toString('pem'), subject: { commonName: 'x' }, role: 'unit' })).rejects.toThrow(/签名无效/);
  });

  it('buildCertificate accepts a bare public key and any RawSigner as issuer', async () => {
    const issuerKey = keyObjectSigner(ecKey());
    const root = await buildCertificate({
      subject: { commonName: 'Test CA' },
      validity: { notBefore: new Date(Date.now() - 1000), notAfter: new Date(Date.now() + 86_400_000) },
      issuerSigner: issuerKey,
      ca: true,
    });
    const leaf = await buildCertificate({
      publicKeySpki: keyObjectSigner(ecKey()).publicKeySpki,
      subject: { commonName: '单位' },
      role: 'unit',
      serial: '0a1b2c',
      validity: { notBefore: new Date(Date.now() - 1000), notAfter: new Date(Date.now() + 86_400_000) },
      issuerCert: root,
      issuerSigner: issuerKey,
    });
    expect(new X509Certificate(leaf.toString('pem')).verify(new X509Certificate(root.toString('pem')).publicKey)).toBe(true);
    expect(parseIdentity(leaf.toString('pem')).serial).toBe('0a1b2c');
  });
});

describe('validity', () => {
  it('refuses an expired certificate with the date and what to do', async () => {
    const csr = (await buildCsr({ subject: { commonName: '过期单位' }, signer: keyObjectSigner(ecKey()) })).toString('pem');
    const cert = await ca.issue({ csr, subject: { commonName: '过期单位' }, role: 'unit', notBefore: new Date('2020-01-01T00:00:00Z'), validityDays: 365 });
    const id = parseIdentity(cert.toString('pem'));
    const err = (() => {
      try {
        assertIdentityValid(id);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(KeyError);
    expect((err as KeyError).code).toBe('CERT_EXPIRED');
    expect((err as KeyError).message).toMatch(/已于 2020年12月31日 过期.*编办/);
  });

  it('refuses a not-yet-valid certificate and points at the clock', async () => {
    const csr = (await buildCsr({ subject: { commonName: '未来单位' }, signer: keyObjectSigner(ecKey()) })).toString('pem');
    const cert = await ca.issue({ csr, subject: { commonName: '未来单位' }, role: 'unit', notBefore: new Date(Date.now() + 10 * 86_400_000) });
    expect(() => assertIdentityValid(parseIdentity(cert.toString('pem')))).toThrow(/才生效.*日期时间/);
  });

  it('refuses a certificate that is not ours', async () => {
    const key = ecKey();
    const foreign = await buildCertificate({
      subject: { commonName: 'Some web server' },
      validity: { notBefore: new Date(), notAfter: new Date(Date.now() + 1e9) },
      issuerSigner: keyObjectSigner(key),
    });
    expect(() => parseIdentity(foreign.toString('pem'))).toThrow(/不是电子编制管理证/);
    expect(() => parseIdentity('garbage')).toThrow(/无法解析/);
  });

  it("points authorityKeyIdentifier at the issuer's own SKI, so OpenSSL chains certificates under a CA whose SKI is SHA-1", async () => {
    // A CA certificate made by another tool (here @peculiar/x509's default: SHA-1 key id, as older bianban
    // server CAs have), then a key certificate from the profile under it.
    const caKey = ecKey();
    const signer = keyObjectSigner(caKey);
    const webKey = await crypto.subtle.importKey('pkcs8', new Uint8Array(caKey.export({ type: 'pkcs8', format: 'der' })), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const webPub = await crypto.subtle.importKey('spki', new Uint8Array(signer.publicKeySpki), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
    const sha1Ca = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01',
      name: 'CN=旧版编办 CA',
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 365 * 86_400_000),
      keys: { privateKey: webKey, publicKey: webPub },
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      extensions: [new x509.BasicConstraintsExtension(true, 0, true), await x509.SubjectKeyIdentifierExtension.create(webPub)],
    });
    const ski = sha1Ca.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId;
    expect(ski).toHaveLength(40);
    const subject = { commonName: '某某县财政局', organization: '某某县财政局', creditCode: '11330100002482070U' };
    const cert = await buildCertificate({
      csr: await buildCsr({ subject, signer: keyObjectSigner(ecKey()) }),
      subject,
      role: 'unit',
      jurisdiction: '330100',
      validity: { notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000) },
      issuerCert: sha1Ca,
      issuerSigner: signer,
    });
    expect(cert.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId).toBe(ski);
    expect(new X509Certificate(cert.toString('pem')).checkIssued(new X509Certificate(sha1Ca.toString('pem')))).toBe(true);
    expect(parseIdentity(cert.toString('pem'))).toMatchObject({ creditCode: '11330100002482070U', role: 'unit', jurisdiction: '330100' });
  });
});
