/**
 * The bundle cipher (docs/sync.md, "Removable media"): ECDH-ES over X25519 with a fresh ephemeral key per
 * file, HKDF-SHA256 to an AES-256-GCM key, the clear header as additional data. The recipient needs only
 * an X25519 private key — never the CA key, which may sit on a token that can sign but not decrypt.
 *
 * One implementation for the server (server/bundles) and the client (client/bundle), which both may use native/.
 */
import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { Value } from '@sinclair/typebox/value';
import { canonicalJson } from '../domain/crypto/canonical-json';
import { BUNDLE_ALG, BUNDLE_FORMAT, BUNDLE_VERSION, BundleEnvelopeSchema, type BundleEnvelope } from '../domain/api/bundle';

export type BundleFailure = 'TRUNCATED' | 'FORMAT' | 'FOREIGN' | 'TAMPERED';

/** A bundle that cannot be opened; the message is what the user reads. */
export class BundleError extends Error {
  constructor(
    readonly code: BundleFailure | 'SIGNATURE' | 'REPLAY' | 'WRONG_UNIT' | 'NOT_SUBORDINATE',
    message: string,
  ) {
    super(message);
    this.name = 'BundleError';
  }
}

export function rawPublicKey(k: KeyObject): Buffer {
  const jwk = (k.type === 'private' ? createPublicKey(k) : k).export({ format: 'jwk' });
  return Buffer.from(String(jwk.x), 'base64url');
}

export function publicKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new BundleError('FORMAT', '数据包格式不正确：公钥长度错误');
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: raw.toString('base64url') }, format: 'jwk' });
}

export const keyIdOf = (raw: Buffer): string => createHash('sha256').update(raw).digest('hex');

export function newX25519(): { privateKey: KeyObject; publicRaw: Buffer } {
  const { privateKey } = generateKeyPairSync('x25519');
  return { privateKey, publicRaw: rawPublicKey(privateKey) };
}

export const privateKeyFromPem = (pem: string): KeyObject => createPrivateKey(pem);

type Header = Omit<BundleEnvelope, 'ciphertext'>;

function derive(shared: Buffer, h: Header, recipientRaw: Buffer): Buffer {
  const salt = Buffer.concat([Buffer.from(h.epk, 'base64'), recipientRaw]);
  return Buffer.from(hkdfSync('sha256', shared, salt, `${BUNDLE_FORMAT}/${BUNDLE_VERSION} ${h.kind} ${h.bundleId}`, 32));
}

function aad(h: Header): Buffer {
  const { format, version, kind, bundleId, unitId, alg, recipientKeyId, epk, iv } = h;
  return Buffer.from(canonicalJson({ format, version, kind, bundleId, unitId, alg, recipientKeyId, epk, iv }));
}

export function seal(o: { kind: BundleEnvelope['kind']; bundleId: string; unitId: string; recipient: Buffer; plaintext: Buffer }): BundleEnvelope {
  const eph = newX25519();
  const header: Header = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    kind: o.kind,
    bundleId: o.bundleId,
    unitId: o.unitId,
    alg: BUNDLE_ALG,
    recipientKeyId: keyIdOf(o.recipient),
    epk: eph.publicRaw.toString('base64'),
    iv: randomBytes(12).toString('base64'),
  };
  const key = derive(diffieHellman({ privateKey: eph.privateKey, publicKey: publicKeyFromRaw(o.recipient) }), header, o.recipient);
  const c = createCipheriv('aes-256-gcm', key, Buffer.from(header.iv, 'base64'));
  c.setAAD(aad(header));
  const body = Buffer.concat([c.update(o.plaintext), c.final(), c.getAuthTag()]);
  return { ...header, ciphertext: body.toString('base64') };
}

/** The file's text → its header. Refuses a cut-off or foreign-format file before any key is touched. */
export function parseEnvelope(text: string): BundleEnvelope {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new BundleError('TRUNCATED', '数据包文件不完整或已损坏，无法读取：可能拷贝时中断，请从原机器重新拷贝，或重新导出数据包');
  }
  if (!v || typeof v !== 'object' || (v as { format?: unknown }).format !== BUNDLE_FORMAT) {
    throw new BundleError('FORMAT', '这不是电子编制管理证的数据包文件（缺少 ebz-bundle 标记），请确认选择的文件');
  }
  const version = (v as { version?: unknown }).version;
  if (version !== BUNDLE_VERSION) {
    // Only a number or a short text is shown: an object (even one whose toString is not a function) is "unknown".
    const shown = typeof version === 'number' || (typeof version === 'string' && version.length <= 20) ? String(version) : '未知';
    throw new BundleError('FORMAT', `数据包版本（${shown}）不受支持：请将软件升级到最新版本后再导入`);
  }
  if (!Value.Check(BundleEnvelopeSchema, v)) throw new BundleError('TAMPERED', '数据包头部字段不完整或被改动，拒绝导入：请重新导出数据包');
  return v;
}

/** Decrypts with the recipient's key; any change to header or ciphertext fails the GCM tag. */
export function open(env: BundleEnvelope, recipient: KeyObject): Buffer {
  const recipientRaw = rawPublicKey(recipient);
  if (env.recipientKeyId !== keyIdOf(recipientRaw)) {
    throw new BundleError('FOREIGN', '此数据包不是加密给本编办的（接收方密钥不符）：可能是导出时使用了其他编办的加密公钥，请让单位用本编办的公钥重新导出');
  }
  const body = Buffer.from(env.ciphertext, 'base64');
  if (body.length < 16) throw new BundleError('TRUNCATED', '数据包内容不完整（密文过短），请重新拷贝或重新导出');
  try {
    const key = derive(diffieHellman({ privateKey: recipient, publicKey: publicKeyFromRaw(Buffer.from(env.epk, 'base64')) }), env, recipientRaw);
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(env.iv, 'base64'));
    d.setAAD(aad(env));
    d.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]);
  } catch {
    throw new BundleError('TAMPERED', '数据包校验失败：文件已损坏或在导出后被改动，拒绝导入。请从单位重新拷贝原文件或重新导出');
  }
}

export const sha256Hex = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');
