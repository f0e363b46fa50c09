/** Software keys for tests (the walk-through uses SoftHSM2 instead): key pair, CSR, envelope signing. */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { canonicalJson } from '../../../domain/crypto/canonical-json';
import type { SignatureEnvelope } from '../../../domain/crypto/signature';

export interface SoftKey {
  keys: webcrypto.CryptoKeyPair;
  csr: string;
}

export async function softKey(cn = 'test'): Promise<SoftKey> {
  const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `CN=${cn}`,
    keys: keys as unknown as CryptoKeyPair,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  return { keys, csr: csr.toString('pem') };
}

export async function signWith(key: SoftKey, certPem: string, value: unknown): Promise<SignatureEnvelope> {
  const cert = new x509.X509Certificate(certPem);
  const sig = await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.keys.privateKey, new TextEncoder().encode(canonicalJson(value)));
  return { alg: 'ECDSA-P256-SHA256', certSerial: cert.serialNumber.toLowerCase(), issuer: cert.issuer, value: Buffer.from(sig).toString('base64') };
}
