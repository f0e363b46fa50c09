/** Checks a SignatureEnvelope (domain/crypto/signature.ts) against a certificate's public key. */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { canonicalJson } from '../../domain/crypto/canonical-json';
import type { SignatureEnvelope } from '../../domain/crypto/signature';

export async function verifyEnvelope(env: SignatureEnvelope, signedValue: unknown, cert: x509.X509Certificate): Promise<boolean> {
  if (env.certSerial !== cert.serialNumber.toLowerCase()) return false;
  const data = new TextEncoder().encode(canonicalJson(signedValue));
  const sig = Buffer.from(env.value, 'base64');
  try {
    const spki = cert.publicKey.rawData;
    if (env.alg === 'ECDSA-P256-SHA256') {
      const key = await webcrypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
      return await webcrypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, sig, data);
    }
    const key = await webcrypto.subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
    return await webcrypto.subtle.verify('RSASSA-PKCS1-v1_5', key, sig, data);
  } catch {
    // Wrong key type for the claimed algorithm, malformed signature bytes: simply not valid.
    return false;
  }
}

export function parseCertificate(pem: string): x509.X509Certificate | null {
  try {
    return new x509.X509Certificate(pem);
  } catch {
    return null;
  }
}
