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
import { DirectoryString, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { ECParameters } from '@peculiar/asn1-ecc';
import { RSAPublicKey } from '@peculiar/asn1-rsa';
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

/**
 * A key algorithm the CA certifies. A parameter (not a constant inside the builder) so a vendor
 * profile can add SM2 (`{ kind: 'EC', curve: 'SM2' }`) without touching the builder.
 */
export type AcceptedKeyAlgorithm = { kind: 'EC'; curve: EcCurveName } | { kind: 'RSA'; minBits: number };

export type EcCurveName = 'P-256' | 'P-384' | 'P-521' | 'SM2' | 'secp256k1';

/** The profile's subject keys (docs/usb-key.md): ECDSA P-256, or RSA of at least 2048 bits. */
export const PROFILE_KEY_ALGORITHMS: readonly AcceptedKeyAlgorithm[] = [
  { kind: 'EC', curve: 'P-256' },
  { kind: 'RSA', minBits: 2048 },
];

const CURVE_OIDS: Record<string, EcCurveName> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
  '1.2.156.10197.1.301': 'SM2',
  '1.3.132.0.10': 'secp256k1',
};
const OID_RSA = '1.2.840.113549.1.1.1';
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
/** SM2 keys written with the SM2 OID as the key algorithm (GM/T 0006) rather than id-ecPublicKey. */
const OID_SM2_KEY = '1.2.156.10197.1.301';
const OTHER_KEY_NAMES: Record<string, string> = {
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.3.101.110': 'X25519',
  '1.3.101.111': 'X448',
  '1.2.840.113549.1.1.10': 'RSA-PSS',
  '1.2.840.10040.4.1': 'DSA',
  '1.2.840.10046.2.1': 'DH',
};

/** What a public key is, as the refusal names it: `RSA-1024`, `ECDSA P-384`, `Ed25519`, `OID 1.2.3`. */
export type SubjectKeyDescription = { kind: 'RSA'; bits: number; name: string } | { kind: 'EC'; curve: string; name: string } | { kind: 'other'; name: string };

export function describeSubjectKey(spki: Uint8Array): SubjectKeyDescription {
  let info: SubjectPublicKeyInfo;
  try {
    info = AsnConvert.parse(toArrayBuffer(spki), SubjectPublicKeyInfo);
  } catch {
    return { kind: 'other', name: '无法解析的公钥' };
  }
  const oid = info.algorithm.algorithm;
  if (oid === OID_RSA) {
    const key = AsnConvert.parse(info.subjectPublicKey, RSAPublicKey);
    const bits = bitLength(new Uint8Array(key.modulus));
    return { kind: 'RSA', bits, name: `RSA-${bits}` };
  }
  if (oid === OID_EC_PUBLIC_KEY || oid === OID_SM2_KEY) {
    let curveOid = oid === OID_SM2_KEY ? OID_SM2_KEY : undefined;
    if (info.algorithm.parameters) {
      try {
        curveOid = AsnConvert.parse(info.algorithm.parameters, ECParameters).namedCurve ?? curveOid;
      } catch {
        /* explicit curve parameters: named below as an unknown curve */
      }
    }
    const curve = (curveOid && CURVE_OIDS[curveOid]) ?? (curveOid ? `曲线 ${curveOid}` : '显式参数曲线');
    return { kind: 'EC', curve, name: curve === 'SM2' ? 'SM2' : `ECDSA ${curve}` };
  }
  return { kind: 'other', name: OTHER_KEY_NAMES[oid] ?? `OID ${oid}` };
}

function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i += 1;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}

function acceptedText(accepted: readonly AcceptedKeyAlgorithm[]): string {
  return accepted.map((a) => (a.kind === 'RSA' ? `RSA（不少于 ${a.minBits} 位）` : a.curve === 'SM2' ? 'SM2' : `ECDSA ${a.curve}`)).join('、');
}

/** The CA refused to certify a key of this algorithm; `message` names it and what is accepted. */
export class KeyAlgorithmRefusedError extends Error {
  constructor(readonly algorithm: string, message: string) {
    super(message);
    this.name = 'KeyAlgorithmRefusedError';
  }
}

/** Throws KeyAlgorithmRefusedError unless the key in `spki` is one of `accepted`. */
export function checkSubjectKey(spki: Uint8Array, accepted: readonly AcceptedKeyAlgorithm[] = PROFILE_KEY_ALGORITHMS): SubjectKeyDescription {
  const key = describeSubjectKey(spki);
  const ok = accepted.some((a) => (a.kind === 'RSA' ? key.kind === 'RSA' && key.bits >= a.minBits : key.kind === 'EC' && key.curve === a.curve));
  if (!ok) {
    throw new KeyAlgorithmRefusedError(
      key.name,
      `证书请求中的公钥算法是 ${key.name}，本编办只为 ${acceptedText(accepted)} 密钥签发证书：请在 USB 密钥上用其中一种算法重新生成密钥对和证书请求（CSR）。`,
    );
  }
  return key;
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
  /** The subject key algorithms this CA certifies; default PROFILE_KEY_ALGORITHMS (add SM2 here). */
  acceptedKeys?: readonly AcceptedKeyAlgorithm[];
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
  checkSubjectKey(spki, params.acceptedKeys);
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
