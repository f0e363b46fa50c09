/**
 * `ebz bundle export` on a unit's machine with no private-network link (docs/sync.md, "Removable media"):
 * the pending outbox, exactly as the push API takes it, plus a manifest signed with the unit's key, all
 * encrypted to the bianban's bundle key. The results come back encrypted to a reply key made here for
 * this bundle; its private half waits in `<dataDir>/bundles/` until the results are imported.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../../db/index';
import { uuidv7 } from '../../db/index';
import { canonicalJson } from '../../domain/crypto/canonical-json';
import type { SignatureEnvelope } from '../../domain/crypto/signature';
import type { CertifiedBundleKey, OutboxBundle, OutboxManifest } from '../../domain/api/bundle';
import type { SignedContent } from '../request-filing';
import { BundleError, keyIdOf, newX25519, seal, sha256Hex } from '../../native/bundle-crypto';
import { checkBundleKey } from './bundle-trust';

/** Local setting holding the last bianban bundle key seen (from a key file, a results bundle or online). */
export const BUNDLE_KEY_SETTING = 'bundle.key';

export interface ExportOptions {
  store: Store;
  dataDir: string;
  /** The pinned bianban CA certificate (PEM). */
  caPem: string;
  /** The unit's credit code, from its key's certificate. */
  creditCode: string;
  sign: (data: Uint8Array) => Promise<SignatureEnvelope>;
  /** A bundle key from a file; otherwise the one stored by the last results bundle. */
  bundleKey?: CertifiedBundleKey;
  now?: () => Date;
}

export interface ExportResult {
  text: string;
  bundleId: string;
  unitId: string;
  itemCount: number;
}

const replyKeyPath = (dataDir: string, bundleId: string) => join(dataDir, 'bundles', `${bundleId}.reply-key.pem`);

export async function exportBundle(o: ExportOptions): Promise<ExportResult> {
  const bundleKey = o.bundleKey ?? o.store.local.getSetting<CertifiedBundleKey>(BUNDLE_KEY_SETTING);
  if (!bundleKey) {
    throw new BundleError('FOREIGN', '本机还没有编办的数据包加密公钥：请向主管部门索取公钥文件（在联网电脑上执行 ebz bundle key --out 文件），再用 --key 文件 导出');
  }
  const recipient = checkBundleKey(o.caPem, bundleKey);
  if (o.bundleKey) o.store.local.setSetting(BUNDLE_KEY_SETTING, o.bundleKey);

  const unit = o.store.units.listAll().find((u) => u.creditCode === o.creditCode);
  if (!unit) throw new BundleError('WRONG_UNIT', `本机数据中没有统一社会信用代码为 ${o.creditCode} 的单位：请确认插入的是本单位的密钥`);
  const pending = o.store.outbox.listByState('pending').filter((i) => (i.body as SignedContent).unitId === unit.id);
  const items = pending.map((i) => ({ ...(i.body as SignedContent), signature: i.signature }));

  const bundleId = uuidv7();
  const reply = newX25519();
  const manifest: OutboxManifest = {
    kind: 'outbox',
    bundleId,
    unitId: unit.id,
    creditCode: unit.creditCode,
    bianbanId: unit.bianbanId,
    createdAt: (o.now ?? (() => new Date()))().toISOString(),
    itemCount: items.length,
    payloadSha256: sha256Hex(canonicalJson(items)),
    cursor: Number(o.store.local.getCursor().cursor ?? 0),
    replyKey: reply.publicRaw.toString('base64'),
    recipientKeyId: keyIdOf(recipient),
  };
  const signature = await o.sign(new TextEncoder().encode(canonicalJson(manifest)));
  const bundle: OutboxBundle = { manifest, signature, items };
  const env = seal({ kind: 'outbox', bundleId, unitId: unit.id, recipient, plaintext: Buffer.from(JSON.stringify(bundle)) });

  // The reply key is what opens the results: kept only on this machine, readable by its owner only.
  mkdirSync(join(o.dataDir, 'bundles'), { recursive: true, mode: 0o700 });
  const path = replyKeyPath(o.dataDir, bundleId);
  writeFileSync(path, String(reply.privateKey.export({ type: 'pkcs8', format: 'pem' })), { mode: 0o600 });
  chmodSync(path, 0o600);
  return { text: `${JSON.stringify(env)}\n`, bundleId, unitId: unit.id, itemCount: items.length };
}
