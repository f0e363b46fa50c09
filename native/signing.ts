/**
 * Hash-then-sign helpers shared by the token and the demo key, and software verification of a
 * SignatureEnvelope (domain/crypto/signature.ts). Hashing happens in software so a token only needs
 * the raw mechanisms (CKM_ECDSA, CKM_RSA_PKCS) that every vendor module implements.
 */
import { createHash, createPublicKey, verify as nodeVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { DigestInfo, id_sha256 } from '@peculiar/asn1-rsa';
import type { SignatureAlgorithm, SignatureEnvelope } from '../domain/crypto/signature';

export function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/** DER DigestInfo{sha256, H(data)}: the input of CKM_RSA_PKCS for RSASSA-PKCS1-v1_5. */
export function sha256DigestInfo(data: Uint8Array): Buffer {
  const info = new DigestInfo({
    digestAlgorithm: new AlgorithmIdentifier({ algorithm: id_sha256, parameters: null }),
    digest: new OctetString(sha256(data)),
  });
  return Buffer.from(AsnConvert.serialize(info));
}

/** What the token is asked to sign for `alg`: the bare hash (ECDSA) or the DigestInfo (RSA). */
export function signingInput(alg: SignatureAlgorithm, data: Uint8Array): Buffer {
  return alg === 'ECDSA-P256-SHA256' ? sha256(data) : sha256DigestInfo(data);
}

export function algorithmOfKey(key: KeyObject): SignatureAlgorithm {
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ECDSA-P256-SHA256';
  if (key.asymmetricKeyType === 'rsa') return 'RSA-PKCS1-SHA256';
  throw new Error(`unsupported key type ${key.asymmetricKeyType ?? '?'} ${key.asymmetricKeyDetails?.namedCurve ?? ''}`);
}

/**
 * Verifies `envelope` over `data` with the certificate (PEM/DER) or public key given, or — when none
 * is given — the certificate inside the envelope. Also checks the envelope names that certificate.
 * Returns false for a bad signature; does not judge the certificate's trust or validity.
 */
export function verifyEnvelope(data: Uint8Array, envelope: SignatureEnvelope, signer?: string | Uint8Array | KeyObject): boolean {
  let key: KeyObject;
  let cert: X509Certificate | undefined;
  const source = signer ?? envelope.certificate;
  if (source === undefined) throw new Error('verifyEnvelope: no certificate or public key to verify with');
  if (typeof source === 'string' || source instanceof Uint8Array) {
    cert = new X509Certificate(typeof source === 'string' ? source : Buffer.from(source));
    key = cert.publicKey;
  } else {
    key = source;
  }
  if (cert && (normaliseSerial(cert.serialNumber) !== envelope.certSerial)) return false;
  if (algorithmOfKey(key) !== envelope.alg) return false;
  const sig = Buffer.from(envelope.value, 'base64');
  if (envelope.alg === 'ECDSA-P256-SHA256') {
    return nodeVerify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig);
  }
  return nodeVerify('sha256', data, key, sig);
}

/** Serial as the envelope carries it: hex, lower case, no leading zero bytes. */
export function normaliseSerial(hex: string): string {
  const s = hex.toLowerCase().replace(/^(00)+(?=.)/u, '');
  return s === '' ? '00' : s;
}

export function publicKeyHash(spkiDer: Uint8Array): string {
  return sha256(spkiDer).toString('hex');
}

export function spkiOf(key: KeyObject | string): Buffer {
  const k = typeof key === 'string' ? createPublicKey(key) : key;
  return k.export({ type: 'spki', format: 'der' });
}

/** A standalone ArrayBuffer copy (what @peculiar/x509 and WebCrypto types want). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}
