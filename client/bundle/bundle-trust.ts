/**
 * What the unit's machine trusts, offline: the CA certificate it pins. The bianban's bundle encryption key
 * and every results bundle must carry a valid signature of that CA over their canonical JSON.
 */
import { X509Certificate, verify } from 'node:crypto';
import { canonicalJson } from '../../domain/crypto/canonical-json';
import type { SignatureEnvelope } from '../../domain/crypto/signature';
import type { CertifiedBundleKey } from '../../domain/api/bundle';
import { BundleError, keyIdOf } from '../../native/bundle-crypto';

export function verifyByCa(caPem: string, env: SignatureEnvelope, value: unknown): boolean {
  let ca: X509Certificate;
  try {
    ca = new X509Certificate(caPem);
  } catch {
    throw new BundleError('FORMAT', '编办 CA 证书文件无法读取：请用 --ca 指定编办发放的 CA 证书（PEM 格式）');
  }
  // Serials compared as hex without leading zeros (node prints them upper case and zero-padded).
  const bare = (x: string) => x.toLowerCase().replace(/^0+/, '');
  if (bare(env.certSerial) !== bare(ca.serialNumber)) return false;
  const data = Buffer.from(canonicalJson(value));
  const sig = Buffer.from(env.value, 'base64');
  const key = ca.publicKey;
  try {
    return env.alg === 'ECDSA-P256-SHA256' ? verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig) : verify('sha256', data, key, sig);
  } catch {
    return false;
  }
}

/** The bianban's bundle key, checked against the pinned CA; returns its raw public key. */
export function checkBundleKey(caPem: string, k: CertifiedBundleKey): Buffer {
  const raw = Buffer.from(k.key.publicKey, 'base64');
  if (k.key.purpose !== 'bundleEncryption' || raw.length !== 32 || keyIdOf(raw) !== k.key.keyId || !verifyByCa(caPem, k.signature, k.key)) {
    throw new BundleError('FOREIGN', '编办数据包加密公钥的签名无效：它不是本机信任的编办 CA 签发的，请向主管部门索取本编办的公钥文件（ebz bundle key --out 文件）');
  }
  return raw;
}
