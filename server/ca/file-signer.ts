/** Development CA key: an unencrypted PKCS#8 file made on first start (mode 0600). Never for production. */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SignatureAlgorithm } from '../../domain/crypto/signature';
import { importPublicKey, type CaSigner } from './signer';

export async function openFileSigner(path: string, alg: SignatureAlgorithm = 'ECDSA-P256-SHA256'): Promise<CaSigner> {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    const { privateKey } =
      alg === 'ECDSA-P256-SHA256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  return keyObjectSigner(createPrivateKey(readFileSync(path)));
}

/** A signer over an in-memory node:crypto private key (key files, tests). */
export async function keyObjectSigner(key: KeyObject): Promise<CaSigner> {
  const alg: SignatureAlgorithm = key.asymmetricKeyType === 'ec' ? 'ECDSA-P256-SHA256' : 'RSA-PKCS1-SHA256';
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const publicKey = await importPublicKey(alg, spki);
  return {
    alg,
    publicKey,
    async sign(data) {
      return new Uint8Array(nodeSign('sha256', data, alg === 'ECDSA-P256-SHA256' ? { key, dsaEncoding: 'ieee-p1363' } : key));
    },
    async close() {},
  };
}
