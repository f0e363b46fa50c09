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

/** The CA's SignatureEnvelope over canonicalJson(value) (the form every signed thing here uses). */
export async function caEnvelope(ca: CertificateAuthority, value: unknown): Promise<SignatureEnvelope> {
  const sig = await ca.signer.sign(new TextEncoder().encode(canonicalJson(value)));
  return { alg: ca.signer.alg, certSerial: ca.certificate.serialNumber.toLowerCase(), issuer: ca.certificate.subject, value: Buffer.from(sig).toString('base64') };
}

interface KeyRow {
  key_id: string;
  private_pem: string;
  content: BundleKeyContent;
  signature: SignatureEnvelope;
}

/** The current key (the newest); made and certified on first use. */
export async function currentBundleKey(d: AppDeps): Promise<CertifiedBundleKey & { privateKey: KeyObject }> {
  const newest = async () => (await d.db.query<KeyRow>('SELECT key_id, private_pem, content, signature FROM bundle_keys ORDER BY created_at DESC, key_id LIMIT 1')).rows[0];
  let row = await newest();
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
    await d.db.query('INSERT INTO bundle_keys (key_id, private_pem, content, signature, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
      content.keyId,
      pem,
      JSON.stringify(content),
      JSON.stringify(signature),
      `${content.createdAt}#${randomBytes(4).toString('hex')}`,
    ]);
    row = await newest();
    if (!row) throw new Error('bundle key not stored');
  }
  return { key: row.content, signature: row.signature, privateKey: privateKeyFromPem(row.private_pem) };
}

/** A key this server made (the current one or an older one), by the id a bundle header names. */
export async function bundleKeyById(d: AppDeps, keyId: string): Promise<KeyObject | null> {
  const r = await d.db.query<{ private_pem: string }>('SELECT private_pem FROM bundle_keys WHERE key_id = $1', [keyId]);
  return r.rows[0] ? privateKeyFromPem(r.rows[0].private_pem) : null;
}
