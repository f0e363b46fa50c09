/**
 * A development certificate authority: a P-256 key file and a self-signed CA certificate in a
 * folder (default ~/.ebz/dev-ca). It issues unit and reviewer certificates through the same
 * certificate-profile builder the bianban server's CA uses, so keys provisioned with it look
 * exactly like production keys — except for the issuer, which no production server trusts.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as x509 from './x509';
import { buildCertificate, type SubjectFields } from './certificate-profile';
import type { KeyRole, RawSigner } from './key-types';
import { algorithmOfKey } from './signing';

export const DEFAULT_DEV_CA_DIR = join(homedir(), '.ebz', 'dev-ca');
const DAY = 86_400_000;

/** RawSigner over a private key held in memory (key files; not for production CA keys). */
export function keyObjectSigner(privateKey: KeyObject): RawSigner {
  const algorithm = algorithmOfKey(privateKey);
  const publicKeySpki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return {
    algorithm,
    publicKeySpki,
    sign: async (data) =>
      algorithm === 'ECDSA-P256-SHA256'
        ? nodeSign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })
        : nodeSign('sha256', data, privateKey),
  };
}

export interface IssueParams {
  csr: string | Uint8Array;
  subject: SubjectFields;
  role: KeyRole;
  jurisdiction?: string;
  demo?: boolean;
  validityDays?: number;
  notBefore?: Date;
}

export class DevCa {
  private constructor(
    readonly dir: string,
    readonly certificate: x509.X509Certificate,
    private readonly signer: RawSigner,
  ) {}

  get certificatePem(): string {
    return this.certificate.toString('pem');
  }

  /** Opens the CA in `dir`, creating its key and certificate on first use. */
  static async open(dir: string = DEFAULT_DEV_CA_DIR): Promise<DevCa> {
    const keyPath = join(dir, 'ca-key.pem');
    const certPath = join(dir, 'ca-cert.pem');
    if (existsSync(keyPath) && existsSync(certPath)) {
      const key = createPrivateKey(readFileSync(keyPath, 'utf8'));
      return new DevCa(dir, new x509.X509Certificate(readFileSync(certPath, 'utf8')), keyObjectSigner(key));
    }
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signer = keyObjectSigner(privateKey);
    const now = Date.now();
    const cert = await buildCertificate({
      subject: { commonName: '电子编制管理证开发 CA（仅供开发测试）', organization: 'e-Bianzhi development' },
      validity: { notBefore: new Date(now - DAY), notAfter: new Date(now + 10 * 365 * DAY) },
      issuerSigner: signer,
      ca: true,
    });
    writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    chmodSync(keyPath, 0o600);
    writeFileSync(certPath, cert.toString('pem'));
    return new DevCa(dir, cert, signer);
  }

  /** Issues a certificate for the key in `csr` (its signature is checked) with the given profile. */
  async issue(params: IssueParams): Promise<x509.X509Certificate> {
    const notBefore = params.notBefore ?? new Date(Date.now() - 60_000);
    return buildCertificate({
      csr: params.csr,
      subject: params.subject,
      role: params.role,
      jurisdiction: params.jurisdiction,
      demo: params.demo,
      validity: { notBefore, notAfter: new Date(notBefore.getTime() + (params.validityDays ?? 3 * 365) * DAY) },
      issuerCert: this.certificate,
      issuerSigner: this.signer,
    });
  }
}
