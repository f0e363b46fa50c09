/**
 * `ebz bundle import RESULTS` on the unit's machine: the results bundle its supervising department brought
 * back. Opened with the reply key this machine made at export (so only it can read the unit's records),
 * checked against the pinned bianban CA, then applied in one SQLite transaction: each answered outbox row
 * acked (or failed with the server's reason), the unit's changes written to the replica with the cursor
 * — the same effects as an online push and pull.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import type { Store } from '../../db/index';
import { canonicalJson } from '../../domain/crypto/canonical-json';
import { ResultsManifestSchema, ResultsPayloadSchema, type ResultsBundle } from '../../domain/api/bundle';
import { toReplicaChanges } from '../sync-client';
import { BundleError, keyIdOf, open, parseEnvelope, privateKeyFromPem, rawPublicKey, sha256Hex } from '../../native/bundle-crypto';
import { BUNDLE_KEY_SETTING } from './bundle-export';
import { checkBundleKey, verifyByCa } from './bundle-trust';

/** Results bundles already applied here (their ids), so a second import says so instead of "foreign". */
const IMPORTED_SETTING = 'bundle.importedResults';

export interface ApplyOptions {
  store: Store;
  dataDir: string;
  caPem: string;
  creditCode: string;
  text: string;
}

export interface ApplyResult {
  bundleId: string;
  inReplyTo: string;
  acked: number;
  refused: { id: string; message: string }[];
  changes: number;
  /** False when the replica was already newer than the results (their changes were not needed). */
  replicaUpdated: boolean;
}

export function applyResults(o: ApplyOptions): ApplyResult {
  const env = parseEnvelope(o.text);
  if (env.kind !== 'results') {
    throw new BundleError('WRONG_UNIT', '这是单位导出的申报数据包，不是编办的回执：请交给主管部门在联网电脑上导入');
  }
  const unit = o.store.units.listAll().find((u) => u.creditCode === o.creditCode);
  if (!unit) throw new BundleError('WRONG_UNIT', `本机数据中没有统一社会信用代码为 ${o.creditCode} 的单位：请确认插入的是本单位的密钥`);
  if (env.unitId !== unit.id) {
    const other = o.store.units.get(env.unitId);
    throw new BundleError('WRONG_UNIT', `此回执数据包是发给“${other?.name ?? env.unitId}”的，不是本单位（${unit.name}）的：请把它交给该单位导入`);
  }
  const imported = o.store.local.getSetting<string[]>(IMPORTED_SETTING) ?? [];
  if (imported.includes(env.bundleId)) throw new BundleError('REPLAY', `此回执（编号 ${env.bundleId}）已导入过，不能重复导入`);
  const reply = findReplyKey(o.dataDir, env.recipientKeyId);
  if (!reply) {
    throw new BundleError('FOREIGN', '本机没有打开此回执的密钥：它对应的数据包不是在本机导出的（或已导入过），请在导出该数据包的电脑上导入');
  }
  const plain = open(env, reply.key);
  let bundle: ResultsBundle;
  try {
    bundle = JSON.parse(plain.toString('utf8')) as ResultsBundle;
  } catch {
    throw new BundleError('TAMPERED', '回执解密后内容不是有效的数据，拒绝导入');
  }
  const m = bundle?.manifest;
  if (!Value.Check(ResultsManifestSchema, m) || !Value.Check(ResultsPayloadSchema, bundle.payload)) {
    throw new BundleError('FORMAT', '回执清单缺少必要字段，拒绝导入：请将软件升级到最新版本');
  }
  if (!bundle.signature || !verifyByCa(o.caPem, bundle.signature, m)) {
    throw new BundleError('SIGNATURE', '回执签名无效：它不是本机信任的编办 CA 签发的，拒绝导入');
  }
  if (m.bundleId !== env.bundleId || m.unitId !== unit.id || m.inReplyTo !== reply.bundleId) {
    throw new BundleError('TAMPERED', '回执头部与签名清单不一致（编号或单位被改动），拒绝导入');
  }
  if (sha256Hex(canonicalJson(bundle.payload)) !== m.payloadSha256 || bundle.payload.results.length !== m.itemCount || bundle.payload.changes.length !== m.changeCount) {
    throw new BundleError('TAMPERED', '回执内容与签名清单的校验值（SHA-256）不符，拒绝导入');
  }
  const bundleKey = checkBundleKey(o.caPem, bundle.payload.bundleKey) && bundle.payload.bundleKey;

  const store = o.store;
  const at = new Date().toISOString();
  const refused: ApplyResult['refused'] = [];
  let acked = 0;
  const current = Number(store.local.getCursor().cursor ?? 0);
  // Changes after `after` up to `cursor`, each the latest version: useful only if they move the replica
  // forward without a gap (the replica has not been reset past `after` since the export).
  const replicaUpdated = m.cursor > current && m.after <= current;
  store.transaction(() => {
    for (const r of bundle.payload.results) {
      for (const row of store.outbox.listByRequest(r.id)) {
        if (row.state === 'acked') continue;
        if (row.state === 'failed') store.outbox.retry(row.id);
        if (row.state !== 'sending') store.outbox.markSending(row.id);
        if (r.status === 'refused') store.outbox.markFailed(row.id, r.message ?? '编办拒收此申报');
        else {
          store.outbox.markAcked(row.id, at);
          acked++;
        }
      }
      if (r.status === 'refused') refused.push({ id: r.id, message: r.message ?? '' });
    }
    if (replicaUpdated) store.applyChanges(bundle.payload.changes.flatMap(toReplicaChanges));
    store.local.updateCursor({ lastPushAt: at, ...(replicaUpdated ? { cursor: String(m.cursor), lastPullAt: at, ...(current === 0 ? { snapshotComplete: true, snapshotDone: m.changeCount, snapshotTotal: m.changeCount } : {}) } : {}) });
    store.local.setSetting(BUNDLE_KEY_SETTING, bundleKey);
    store.local.setSetting(IMPORTED_SETTING, [...imported, env.bundleId].slice(-200));
  });
  // Only after the commit: a crash before this leaves the key, and the replay check above refuses a re-import.
  rmSync(reply.path, { force: true });
  return { bundleId: m.bundleId, inReplyTo: m.inReplyTo, acked, refused, changes: replicaUpdated ? m.changeCount : 0, replicaUpdated };
}

function findReplyKey(dataDir: string, keyId: string) {
  const dir = join(dataDir, 'bundles');
  if (!existsSync(dir)) return null;
  for (const f of readdirSync(dir)) {
    const m = /^(.+)\.reply-key\.pem$/.exec(f);
    if (!m) continue;
    const path = join(dir, f);
    const key = privateKeyFromPem(readFileSync(path, 'utf8'));
    if (keyIdOf(rawPublicKey(key)) === keyId) return { key, path, bundleId: m[1]! };
  }
  return null;
}
