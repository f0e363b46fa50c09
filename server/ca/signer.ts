/**
 * The CA's private key stays behind this interface: a key file in development, a PKCS#11 token
 * (SoftHSM2 in tests, the vendor's module in production). Seals on issued forms use the same signer.
 */
import { webcrypto } from 'node:crypto';
import type { SignatureAlgorithm } from '../../domain/crypto/signature';
import type { RawSigner } from '../../native/key-types';

export interface CaSigner {
  readonly alg: SignatureAlgorithm;
  /** WebCrypto public key (for certificate building and for verifiers). */
  readonly publicKey: webcrypto.CryptoKey;
  /** Signs the message (hashing inside): ECDSA → raw r||s (P1363), RSA → PKCS#1 v1.5 bytes. */
  sign(data: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

export function webAlgorithm(alg: SignatureAlgorithm): { name: string; hash: string; namedCurve?: string } {
  return alg === 'ECDSA-P256-SHA256'
    ? { name: 'ECDSA', hash: 'SHA-256', namedCurve: 'P-256' }
    : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
}

/** The signer's public key (DER SubjectPublicKeyInfo) as the WebCrypto key CaSigner carries. */
export function importPublicKey(alg: SignatureAlgorithm, spki: Uint8Array): Promise<webcrypto.CryptoKey> {
  const a = webAlgorithm(alg);
  return webcrypto.subtle.importKey('spki', new Uint8Array(spki), a.name === 'ECDSA' ? { name: 'ECDSA', namedCurve: 'P-256' } : a, true, ['verify']);
}

/** A stand-in private key: @peculiar/x509 only reads its `algorithm` before calling `subtle.sign`. */
export function signerKeyHandle(signer: CaSigner): webcrypto.CryptoKey {
  const a = webAlgorithm(signer.alg);
  return {
    type: 'private',
    extractable: false,
    usages: ['sign'],
    algorithm: a.name === 'ECDSA' ? { name: 'ECDSA', namedCurve: 'P-256' } : { ...signer.publicKey.algorithm },
  } as unknown as webcrypto.CryptoKey;
}

/** A WebCrypto whose `sign` with the stand-in key goes to the signer; everything else is Node's. */
export function signerCrypto(signer: CaSigner, handle: webcrypto.CryptoKey): webcrypto.Crypto {
  const subtle = webcrypto.subtle;
  const proxy = new Proxy(subtle, {
    get(target, prop) {
      if (prop === 'sign') {
        return async (alg: unknown, key: webcrypto.CryptoKey, data: NodeJS.BufferSource) => {
          if (key !== handle) return target.sign(alg as webcrypto.AlgorithmIdentifier, key, data as Uint8Array<ArrayBuffer>);
          const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array((data as ArrayBufferView).buffer, (data as ArrayBufferView).byteOffset, (data as ArrayBufferView).byteLength);
          const sig = await signer.sign(bytes);
          return sig.buffer.slice(sig.byteOffset, sig.byteOffset + sig.byteLength);
        };
      }
      const v = Reflect.get(target, prop) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return {
    subtle: proxy,
    getRandomValues: webcrypto.getRandomValues.bind(webcrypto),
    randomUUID: webcrypto.randomUUID.bind(webcrypto),
  } as webcrypto.Crypto;
}

/**
 * The CA key as the key layer's RawSigner, so certificates are built by native/certificate-profile
 * (one profile for the client and the server). Same signature bytes: hash inside, ECDSA as r||s.
 */
export async function caRawSigner(signer: CaSigner): Promise<RawSigner> {
  const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', signer.publicKey));
  return { algorithm: signer.alg, publicKeySpki: spki, sign: (data) => signer.sign(data) };
}
