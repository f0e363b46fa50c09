/**
 * The bianban certificate authority: its own certificate, certificates for units / reviewers from a CSR,
 * the TLS certificate of this server, and the revocation list. Which certificate belongs to whom is
 * kept by the server (certificate bindings); the subject is a cross-check only.
 *
 * Key certificates (and the CA certificate) are built by native/certificate-profile, the one profile the
 * desktop client parses with native/identity: credit code in organizationIdentifier, role / jurisdiction
 * / demo marker in the private extensions. Only the TLS certificate (`issue`, usage 'server') is built
 * here, because it needs serverAuth and subjectAltName, which the key profile does not carry.
 */
// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API.
import { AsnConvert } from '@peculiar/asn1-schema';
import { DirectoryString } from '@peculiar/asn1-x509';
import { DEMO_CERTIFICATE_OID } from '../../domain/api/auth';
import 'reflect-metadata';
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { buildCertificate, checkSubjectKey, type SubjectFields } from '../../native/certificate-profile';
import type { KeyRole } from '../../native/key-types';
import { caRawSigner, signerCrypto, signerKeyHandle, webAlgorithm, type CaSigner } from './signer';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** A unit's or reviewer's key certificate in the e-Bianzhi profile (docs/usb-key.md). */
export interface IssueKeyParams {
  /** PKCS#10 request (PEM or parsed); its self-signature is verified. */
  csr?: string | x509.Pkcs10CertificateRequest;
  /** Instead of a CSR, for trusted in-process provisioning (demo keys, bootstrap): the key's SPKI DER. */
  publicKeySpki?: Uint8Array;
  /** Decided by the authority from its records, never taken from the CSR. */
  subject: SubjectFields;
  role: KeyRole;
  /** 6-digit GB/T 2260 code; required for reviewers. */
  jurisdiction?: string;
  days: number;
  demo?: boolean;
  serial?: string;
}

export interface IssueParams {
  subject: string | x509.JsonName;
  publicKey: webcrypto.CryptoKey | x509.PublicKey;
  days: number;
  usage: 'client' | 'server';
  /** DNS names / IPs for server certificates. */
  altNames?: { type: 'dns' | 'ip'; value: string }[];
  serial?: string;
  /** Marks a demo certificate (DEMO_CERTIFICATE_OID, UTF8String 演示密钥), refused by production servers. */
  demo?: boolean;
}

export interface RevokedEntry {
  serial: string;
  revokedAt: Date;
}

export class CertificateAuthority {
  private readonly handle: webcrypto.CryptoKey;
  private readonly crypto: webcrypto.Crypto;

  private constructor(
    readonly signer: CaSigner,
    readonly certificate: x509.X509Certificate,
  ) {
    this.handle = signerKeyHandle(signer);
    this.crypto = signerCrypto(signer, this.handle);
  }

  /** Opens the CA; makes a self-signed CA certificate when `certPem` is absent (first start). */
  static async open(signer: CaSigner, certPem: string | null, name = '机构编制委员会办公室 CA'): Promise<CertificateAuthority> {
    if (certPem) {
      const cert = new x509.X509Certificate(certPem);
      const certSpki = Buffer.from(cert.publicKey.rawData);
      const signerSpki = Buffer.from(await webcrypto.subtle.exportKey('spki', signer.publicKey));
      if (!certSpki.equals(signerSpki)) throw new Error('CA 证书与 CA 密钥不匹配：请确认使用的是同一个令牌/密钥文件');
      return new CertificateAuthority(signer, cert);
    }
    const now = Date.now();
    const cert = await buildCertificate({
      subject: { commonName: name, organization: 'e-Bianzhi' },
      ca: true,
      serial: randomSerial(),
      validity: { notBefore: new Date(now - 60_000), notAfter: new Date(now + 20 * 365 * 86_400_000) },
      issuerSigner: await caRawSigner(signer),
    });
    return new CertificateAuthority(signer, cert);
  }

  get pem(): string {
    return this.certificate.toString('pem');
  }

  get issuerName(): string {
    return this.certificate.subject;
  }

  /** Issues a key certificate in the profile the client reads (native/identity parses it). */
  async issueKey(p: IssueKeyParams): Promise<x509.X509Certificate> {
    const now = Date.now();
    const cert = await buildCertificate({
      csr: p.csr,
      publicKeySpki: p.publicKeySpki,
      subject: p.subject,
      role: p.role,
      jurisdiction: p.jurisdiction,
      demo: p.demo === true,
      serial: p.serial ?? randomSerial(),
      validity: { notBefore: new Date(now - 60_000), notAfter: new Date(now + p.days * 86_400_000) },
      issuerCert: this.certificate,
      issuerSigner: await caRawSigner(this.signer),
    });
    // Re-read through this module's x509 so callers get one class whatever the builder's import path.
    return new x509.X509Certificate(cert.rawData);
  }

  /** The server's TLS certificate (usage 'server': serverAuth + subjectAltName). Key certificates: `issueKey`. */
  async issue(p: IssueParams): Promise<x509.X509Certificate> {
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        p.usage === 'server'
          ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment
          : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([p.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
      // AKI = the CA certificate's SKI, whichever way it was computed (OpenSSL matches them byte for byte).
      this.authorityKeyId(),
    ];
    if (p.demo) extensions.push(new x509.Extension(DEMO_CERTIFICATE_OID, false, AsnConvert.serialize(new DirectoryString({ utf8String: '演示密钥' }))));
    if (p.altNames?.length) extensions.push(new x509.SubjectAlternativeNameExtension(p.altNames.map((a) => ({ type: a.type, value: a.value }))));
    const pub = p.publicKey instanceof x509.PublicKey ? p.publicKey : (p.publicKey as unknown as CryptoKey);
    // The same key algorithms as key certificates (P-256, RSA ≥ 2048).
    checkSubjectKey(new Uint8Array(pub instanceof x509.PublicKey ? pub.rawData : await webcrypto.subtle.exportKey('spki', p.publicKey as webcrypto.CryptoKey)));
    return x509.X509CertificateGenerator.create(
      {
        serialNumber: p.serial ?? randomSerial(),
        subject: p.subject,
        issuer: this.certificate.subjectName,
        notBefore: new Date(Date.now() - 60_000),
        notAfter: new Date(Date.now() + p.days * 86_400_000),
        publicKey: pub,
        signingKey: this.handle as unknown as CryptoKey,
        signingAlgorithm: webAlgorithm(this.signer.alg),
        extensions,
      },
      this.crypto as unknown as Crypto,
    );
  }

  private authorityKeyId(): x509.AuthorityKeyIdentifierExtension {
    const ski = this.certificate.getExtension(x509.SubjectKeyIdentifierExtension);
    if (!ski) throw new Error('CA 证书缺少 subjectKeyIdentifier 扩展，无法签发证书');
    return new x509.AuthorityKeyIdentifierExtension(ski.keyId);
  }

  /** Parses and checks a CSR (its self-signature proves possession of the key). */
  static async readCsr(pem: string): Promise<x509.Pkcs10CertificateRequest> {
    let csr: x509.Pkcs10CertificateRequest;
    try {
      csr = new x509.Pkcs10CertificateRequest(pem);
    } catch {
      throw new Error('证书请求（CSR）格式不正确：应为 PEM 格式的 PKCS#10 请求');
    }
    if (!(await csr.verify())) throw new Error('证书请求（CSR）的签名无效：请在持有私钥的令牌上重新生成');
    return csr;
  }

  /** True when `cert` was signed by this CA and is within its validity period at `at`. */
  static isDemo(cert: x509.X509Certificate): boolean {
    return cert.getExtension(DEMO_CERTIFICATE_OID) !== null;
  }

  async verifyIssued(cert: x509.X509Certificate, at = new Date()): Promise<boolean> {
    if (cert.issuer !== this.certificate.subject) return false;
    return cert.verify({ publicKey: this.signer.publicKey as unknown as CryptoKey, date: at });
  }

  /**
   * The revocation list (RFC 5280 §5): its issuer is the CA certificate's subject Name re-used as
   * encoded there (a string Name would be re-encoded, O as PrintableString where the certificate has
   * UTF8String), with the authority key identifier and a monotonically increasing cRLNumber, so
   * `openssl crl -CAfile ca.pem -verify` and `openssl verify -crl_check` accept it.
   */
  async crl(revoked: RevokedEntry[], nextUpdateDays = 7): Promise<x509.X509Crl> {
    const thisUpdate = new Date();
    return x509.X509CrlGenerator.create(
      {
        issuer: this.certificate.subjectName,
        thisUpdate,
        nextUpdate: new Date(thisUpdate.getTime() + nextUpdateDays * 86_400_000),
        signingKey: this.handle as unknown as CryptoKey,
        signingAlgorithm: webAlgorithm(this.signer.alg),
        // AKI names the CA certificate's SKI; a CA certificate made elsewhere without one gets none.
        extensions: [...(this.certificate.getExtension(x509.SubjectKeyIdentifierExtension) ? [this.authorityKeyId()] : []), crlNumberExtension(this.nextCrlNumber(thisUpdate))],
        entries: revoked.map((r) => ({ serialNumber: r.serial, revocationDate: r.revokedAt, reason: x509.X509CrlReason.unspecified })),
      },
      this.crypto as unknown as Crypto,
    );
  }

  private lastCrlNumber = 0n;

  /**
   * cRLNumber: the issue time in milliseconds, and always above the last one this process issued, so
   * it increases across restarts (while the clock does) and between two CRLs made in one millisecond.
   */
  private nextCrlNumber(at: Date): bigint {
    const n = BigInt(at.getTime());
    this.lastCrlNumber = n > this.lastCrlNumber ? n : this.lastCrlNumber + 1n;
    return this.lastCrlNumber;
  }
}

/** The cRLNumber extension (2.5.29.20, non-critical): a DER INTEGER, positive, minimal length. */
export function crlNumberExtension(n: bigint): x509.Extension {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  const content = Buffer.from(hex, 'hex');
  return new x509.Extension(OID_CRL_NUMBER, false, Buffer.concat([Buffer.from([0x02, content.length]), content]));
}

const OID_CRL_NUMBER = '2.5.29.20';

/** Positive 16-byte serial, lower-case hex (the form certificate bindings and envelopes use). */
export function randomSerial(): string {
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x7f) | 0x01;
  return b.toString('hex');
}

export function spkiSha256(cert: x509.X509Certificate): string {
  return createHash('sha256').update(Buffer.from(cert.publicKey.rawData)).digest('hex');
}

export function escapeDn(v: string): string {
  return v.replace(/([,+"\\<>;=])/g, '\\$1');
}
