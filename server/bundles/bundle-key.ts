/**
 * The bianban's bundle encryption key: an X25519 key pair made on first use, its public half signed by the
 * CA (so a unit with no network can check it against the CA certificate it already pins). A separate key
 * because the CA key may sit on a PKCS#11 token that can sign but never decrypt.
 */
import { randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { canonicalJson } from '../../domain/crypto/canonical-json';
import type { SignatureEnvelope } from '../../domain/crypto/signature';
import type { BundleKeyContent, CertifiedBundleKey } from '../../domain/api/bundle';
import type { CertificateAuthority } from '../ca/authority';
import type { AppDeps } from '../context';
import { keyIdOf, newX25519, privateKeyFromPem } from '../../native/bundle-crypto';
import { bundleKeyPem, insertBundleKey, newestBundleKey } from '../repositories/bundle-repository';

/** The CA's SignatureEnvelope over canonicalJson(value) (the form every signed thing here uses). */
export async function caEnvelope(ca: CertificateAuthority, value: unknown): Promise<SignatureEnvelope> {
  const sig = await ca.signer.sign(new TextEncoder().encode(canonicalJson(value)));
  return { alg: ca.signer.alg, certSerial: ca.certificate.serialNumber.toLowerCase(), issuer: ca.certificate.subject, value: Buffer.from(sig).toString('base64') };
}

/** The current key (the newest); made and certified on first use. */
export async function currentBundleKey(d: AppDeps): Promise<CertifiedBundleKey & { privateKey: KeyObject }> {
  let row = await newestBundleKey(d.db);
  if (!row) {
    const k = newX25519();
    const content: BundleKeyContent = {
      purpose: 'bundleEncryption',
      alg: 'X25519',
      publicKey: k.publicRaw.toString('base64'),
      keyId: keyIdOf(k.publicRaw),
      createdAt: d.now().toISOString(),
    };
    const signature = await caEnvelope(d.ca, content);
    const pem = String(k.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    // Two first imports racing: both insert, the newest row wins for both from here on.
    await insertBundleKey(d.db, { keyId: content.keyId, privatePem: pem, content, signature, createdAt: `${content.createdAt}#${randomBytes(4).toString('hex')}` });
    row = await newestBundleKey(d.db);
    if (!row) throw new Error('bundle key not stored');
  }
  return { key: row.content, signature: row.signature, privateKey: privateKeyFromPem(row.privatePem) };
}

/** A key this server made (the current one or an older one), by the id a bundle header names. */
export async function bundleKeyById(d: AppDeps, keyId: string): Promise<KeyObject | null> {
  const pem = await bundleKeyPem(d.db, keyId);
  return pem ? privateKeyFromPem(pem) : null;
}
