/**
 * The e-Bianzhi certificate profile (docs/usb-key.md): which subject attributes and extensions carry
 * the unit's name, credit code, role and jurisdiction, and the builders for CSRs and certificates.
 *
 * The builders take an abstract RawSigner, so the same code signs with a key on a PKCS#11 token (a
 * unit's key for its CSR, the bianban CA key on the server) or with a key file (the development CA).
 * ASN.1 is produced by @peculiar/x509; we only hand its generators a minimal WebCrypto-shaped object
 * whose `subtle.sign` calls the RawSigner.
 */
import { webcrypto } from 'node:crypto';
import * as x509 from './x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { DirectoryString } from '@peculiar/asn1-x509';
import type { KeyRole, RawSigner, SignatureAlgorithm } from './key-types';
import { sha256, toArrayBuffer } from './signing';

/** Private arc for e-Bianzhi attributes (documented in docs/usb-key.md). */
export const EBZ_OID_ARC = '1.3.6.1.4.1.59999.1';
/** Extension: holder role, UTF8String `unit` | `reviewer`. Non-critical. */
export const OID_EBZ_ROLE = `${EBZ_OID_ARC}.1`;
/** Extension: jurisdiction, 6-digit GB/T 2260 administrative division code (PrintableString). */
export const OID_EBZ_JURISDICTION = `${EBZ_OID_ARC}.2`;
/** Extension present only on demo certificates (UTF8String `演示密钥`); servers in production refuse it. */
export const OID_EBZ_DEMO = `${EBZ_OID_ARC}.3`;
/** Subject attribute organizationIdentifier (X.520): the 18-character 统一社会信用代码. */
export const OID_ORGANIZATION_IDENTIFIER = '2.5.4.97';

export interface SubjectFields {
  /** CN: the unit's name (unit key) or the reviewer's name (reviewer key) or the CA's name. */
  commonName: string;
  /** O: the unit's name for unit keys, the bianban's name for reviewer keys. */
  organization?: string;
  /** organizationIdentifier: the unit's (or bianban's) 统一社会信用代码. */
  creditCode?: string;
  /** C, default CN. */
  country?: string;
}

export function buildSubjectName(fields: SubjectFields): x509.Name {
  // JSON form rather than an RFC 4514 string: unit names may contain commas, plus signs or quotes.
  const parts: Array<Record<string, x509.JsonAttributeObject[]>> = [{ C: [{ printableString: fields.country ?? 'CN' }] }];
  if (fields.organization) parts.push({ O: [{ utf8String: fields.organization }] });
  if (fields.creditCode) parts.push({ [OID_ORGANIZATION_IDENTIFIER]: [{ utf8String: fields.creditCode }] });
  parts.push({ CN: [{ utf8String: fields.commonName }] });
  return new x509.Name(parts);
}

function stringExtension(oid: string, value: string, printable = false): x509.Extension {
  const der = AsnConvert.serialize(new DirectoryString(printable ? { printableString: value } : { utf8String: value }));
  return new x509.Extension(oid, false, der);
}

/** Reads a DirectoryString-valued extension written by stringExtension. */
export function readStringExtension(cert: x509.X509Certificate, oid: string): string | undefined {
  const ext = cert.getExtension(oid);
  if (!ext) return undefined;
  return AsnConvert.parse(ext.value, DirectoryString).toString();
}

const WEBCRYPTO_ALGORITHMS: Record<SignatureAlgorithm, webcrypto.Algorithm & Record<string, unknown>> = {
  'ECDSA-P256-SHA256': { name: 'ECDSA', namedCurve: 'P-256', hash: { name: 'SHA-256' } },
  'RSA-PKCS1-SHA256': { name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' } },
};

/**
 * A key handle and a Crypto object that @peculiar/x509's generators accept. Only `subtle.sign`
 * (→ the RawSigner) and `exportKey('spki')` are ours; digests and randomness are node's WebCrypto.
 * P1363 r||s from an ECDSA signer is what WebCrypto returns too, so x509 re-encodes it as DER.
 */
function signerCrypto(signer: RawSigner): { key: CryptoKey; crypto: Crypto } {
  const algorithm = WEBCRYPTO_ALGORITHMS[signer.algorithm];
  const key = { algorithm, type: 'private', extractable: false, usages: ['sign'] } as unknown as CryptoKey;
  const subtle = {
    sign: async (_alg: unknown, k: unknown, data: NodeJS.BufferSource) => {
      if (k !== key) throw new Error('signerCrypto: unexpected key');
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      const sig = await signer.sign(bytes);
      return sig.buffer.slice(sig.byteOffset, sig.byteOffset + sig.byteLength);
    },
    exportKey: async (format: string, k: unknown) => {
      if (format !== 'spki' || k !== key) throw new Error('signerCrypto: only spki export of the signer key');
      const spki = signer.publicKeySpki;
      return spki.buffer.slice(spki.byteOffset, spki.byteOffset + spki.byteLength);
    },
    digest: (alg: webcrypto.AlgorithmIdentifier, data: NodeJS.BufferSource) => webcrypto.subtle.digest(alg, data as ArrayBuffer),
  };
  const crypto = {
    subtle,
    getRandomValues: <T extends ArrayBufferView | null>(a: T) => webcrypto.getRandomValues(a as never) as T,
  } as unknown as Crypto;
  return { key, crypto };
}

/** A PKCS#10 request for the signer's key, signed by it (proof of possession). */
export async function buildCsr(params: { subject: SubjectFields; signer: RawSigner }): Promise<x509.Pkcs10CertificateRequest> {
  const { key, crypto } = signerCrypto(params.signer);
  return x509.Pkcs10CertificateRequestGenerator.create(
    {
      name: buildSubjectName(params.subject),
      keys: { privateKey: key, publicKey: key },
      signingAlgorithm: WEBCRYPTO_ALGORITHMS[params.signer.algorithm],
    },
    crypto,
  );
}

export interface BuildCertificateParams {
  /** The subject's CSR (PEM, DER or parsed); its signature is verified. Or give `publicKeySpki`. */
  csr?: string | Uint8Array | x509.Pkcs10CertificateRequest;
  publicKeySpki?: Uint8Array;
  /** The authority decides the subject; subject fields in the CSR are not trusted. */
  subject: SubjectFields;
  /** Omit for a CA certificate. */
  role?: KeyRole;
  jurisdiction?: string;
  demo?: boolean;
  /** Hex serial; a random positive 128-bit one when omitted. */
  serial?: string;
  validity: { notBefore: Date; notAfter: Date };
  /** The issuing CA certificate; omit to self-sign (the signer's own key becomes the subject key). */
  issuerCert?: x509.X509Certificate | string;
  issuerSigner: RawSigner;
  /** Build a CA certificate (basicConstraints cA, keyCertSign). */
  ca?: boolean;
}

export function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01; // positive and without a leading zero byte
  return Buffer.from(bytes).toString('hex');
}

export async function buildCertificate(params: BuildCertificateParams): Promise<x509.X509Certificate> {
  let spki: Uint8Array;
  if (params.csr !== undefined) {
    const csr = params.csr instanceof x509.Pkcs10CertificateRequest ? params.csr : new x509.Pkcs10CertificateRequest(typeof params.csr === 'string' ? params.csr : toArrayBuffer(params.csr));
    if (!(await csr.verify())) throw new Error('证书请求（CSR）的签名无效：请求不是由其中的公钥对应的私钥签出的，拒绝签发。');
    spki = new Uint8Array(csr.publicKey.rawData);
  } else if (params.publicKeySpki) {
    spki = params.publicKeySpki;
  } else if (!params.issuerCert) {
    spki = params.issuerSigner.publicKeySpki;
  } else {
    throw new Error('buildCertificate: give csr or publicKeySpki');
  }
  if (params.role === 'reviewer' && !params.jurisdiction) throw new Error('审核人员证书必须包含管辖区域（jurisdiction）');
  if (params.jurisdiction !== undefined && !/^\d{6}$/.test(params.jurisdiction)) {
    throw new Error(`管辖区域代码应为 6 位行政区划代码（GB/T 2260），实际为“${params.jurisdiction}”`);
  }
  const issuer = typeof params.issuerCert === 'string' ? new x509.X509Certificate(params.issuerCert) : params.issuerCert;
  const subjectName = buildSubjectName(params.subject);
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(params.ca === true, params.ca ? 0 : undefined, true),
    new x509.KeyUsagesExtension(
      params.ca
        ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature
        : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
      true,
    ),
    new x509.SubjectKeyIdentifierExtension(keyIdentifier(spki)),
    new x509.AuthorityKeyIdentifierExtension(authorityKeyId(issuer, params.issuerSigner)),
  ];
  if (params.role) extensions.push(stringExtension(OID_EBZ_ROLE, params.role));
  if (params.jurisdiction) extensions.push(stringExtension(OID_EBZ_JURISDICTION, params.jurisdiction, true));
  if (params.demo) extensions.push(stringExtension(OID_EBZ_DEMO, '演示密钥'));
  const { key, crypto } = signerCrypto(params.issuerSigner);
  return x509.X509CertificateGenerator.create(
    {
      serialNumber: params.serial ?? randomSerial(),
      subject: subjectName,
      issuer: issuer ? issuer.subjectName : subjectName,
      notBefore: params.validity.notBefore,
      notAfter: params.validity.notAfter,
      publicKey: toArrayBuffer(spki),
      signingKey: key,
      signingAlgorithm: WEBCRYPTO_ALGORITHMS[params.issuerSigner.algorithm],
      extensions,
    },
    crypto,
  );
}

/**
 * The issuer's own subjectKeyIdentifier when it has one: chain builders (OpenSSL, so node's TLS and
 * checkIssued) match AKI to the issuer's SKI byte for byte, and a CA made elsewhere (an older server
 * CA, a vendor CA) may have computed its SKI another way (SHA-1). Else our method over its SPKI.
 */
function authorityKeyId(issuer: x509.X509Certificate | undefined, signer: RawSigner): string {
  const ski = issuer?.getExtension(x509.SubjectKeyIdentifierExtension);
  if (ski) return ski.keyId;
  return keyIdentifier(issuer ? new Uint8Array(issuer.publicKey.rawData) : signer.publicKeySpki);
}

/** RFC 7093 method 1 style key id: leftmost 160 bits of SHA-256 over the whole SPKI. */
function keyIdentifier(spki: Uint8Array): string {
  return sha256(spki).subarray(0, 20).toString('hex');
}
