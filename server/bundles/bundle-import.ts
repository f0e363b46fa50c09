/**
 * Importing a unit's outbox bundle on its behalf (docs/sync.md, "Removable media"). The caller is the
 * unit's supervising department, a reviewer whose jurisdiction covers the unit, or the unit itself; the
 * requests are stored exactly as the unit's own push would store them (same checks, same idempotency on
 * the request id, each request's own signature verified), because the unit's key signed both the bundle
 * manifest and every request. The answer is a results bundle encrypted to the reply key the unit named
 * in its signed manifest and signed by the CA: only that unit's machine can open it, and it can check it
 * offline.
 */
import { randomUUID } from 'node:crypto';
import { Value } from '@sinclair/typebox/value';
import { canonicalJson } from '../../domain/crypto/canonical-json';
import { OutboxManifestSchema, type ImportBundleResponse, type OutboxBundle, type OutboxManifest, type ResultsBundle, type ResultsManifest, type BundleItemResult } from '../../domain/api/bundle';
import type { Principal } from '../../domain/api/auth';
import { SignatureEnvelopeSchema } from '../../domain/api/common';
import { SignedRequestSchema, type SignedRequest } from '../../domain/api/requests';
import type { Change } from '../../domain/api/sync';
import { Journal } from '../audit/journal';
import { findCertificate } from '../auth/certificate-repository';
import { parseCertificate, verifyEnvelope } from '../auth/envelope';
import { canSeeUnit, findUnitRef } from '../auth/scope';
import type { AppDeps } from '../context';
import { isUniqueViolation } from '../db/database';
import { HttpError } from '../http/errors';
import { findBundleImport, insertBundleImport } from '../repositories/bundle-repository';
import { unitIdentity } from '../repositories/scope-repository';
import { pull } from '../sync/pull';
import { pushRequests } from '../workflow/push';
import { BundleError, open, parseEnvelope, seal, sha256Hex } from '../../native/bundle-crypto';
import { bundleKeyById, caEnvelope, currentBundleKey } from './bundle-key';


const STATUS: Record<BundleError['code'], number> = {
  TRUNCATED: 400,
  FORMAT: 400,
  FOREIGN: 400,
  TAMPERED: 400,
  SIGNATURE: 400,
  REPLAY: 409,
  WRONG_UNIT: 400,
  NOT_SUBORDINATE: 403,
};

/** A bundle refusal as the HTTP error the route answers (code `BUNDLE_<reason>`). */
export function bundleHttpError(e: BundleError): HttpError {
  return new HttpError(STATUS[e.code], `BUNDLE_${e.code}`, e.message, 'bundle');
}

const CHANGE_PAGE = 5000;

export async function importBundle(d: AppDeps, p: Principal, text: string): Promise<ImportBundleResponse> {
  const env = parseEnvelope(text);
  if (env.kind !== 'outbox') {
    throw new BundleError('WRONG_UNIT', '这是编办返回给单位的回执数据包，不能在这里导入：请拷回该单位的电脑，用“ebz bundle import 文件”导入');
  }
  const key = await bundleKeyById(d, env.recipientKeyId);
  if (!key) {
    throw new BundleError('FOREIGN', '此数据包不是加密给本编办的（接收方密钥不是本编办的数据包加密公钥）：请确认单位所属编办，或让单位用本编办的公钥重新导出');
  }
  const bundle = parseInner(open(env, key));
  const m = bundle.manifest;
  if (m.bundleId !== env.bundleId || m.unitId !== env.unitId || m.recipientKeyId !== env.recipientKeyId) {
    throw new BundleError('TAMPERED', '数据包头部与内部清单不一致（数据包编号或单位被改动），拒绝导入');
  }

  const unit = await findUnitRef(d.db, m.unitId);
  if (!unit) throw new BundleError('FOREIGN', `数据包中的单位（${m.unitId}）不在本编办的单位名录中，拒绝导入`);
  const allowed = p.role === 'unit' ? p.unitId === unit.id || p.unitId === unit.supervisorUnitId : await canSeeUnit(d.db, p, unit);
  if (!allowed) {
    throw new BundleError(
      'NOT_SUBORDINATE',
      p.role === 'unit'
        ? `“${unit.name}”不是本部门的所属单位，不能代其导入数据包：应由其主管部门或编办导入`
        : `“${unit.name}”不在您的管辖范围内，不能导入其数据包`,
    );
  }
  await checkManifest(d, m, bundle.signature);
  if (bundle.items.length !== m.itemCount || sha256Hex(canonicalJson(bundle.items)) !== m.payloadSha256) {
    throw new BundleError('TAMPERED', '数据包内容与清单的校验值（SHA-256）不符：内容在签名后被改动，拒绝导入');
  }
  const seen = await findBundleImport(d.db, m.bundleId);
  if (seen) throw replayed(m.bundleId, seen.importedAt);

  // Stored as the unit's own push: its certificate signed each request; refusals are answered per request.
  const asUnit: Principal = { certSerial: bundle.signature.certSerial, role: 'unit', unitId: unit.id, bianbanId: unit.bianbanId, holderName: unit.name };
  const results: BundleItemResult[] = [];
  for (const raw of bundle.items) results.push(await storeOne(d, asUnit, m, raw));

  const changes: Change[] = [];
  let cursor = m.cursor;
  for (;;) {
    const page = await pull(d, asUnit, cursor, CHANGE_PAGE);
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) break;
  }

  const bundleKey = await currentBundleKey(d);
  const payload = { results, changes, bundleKey: { key: bundleKey.key, signature: bundleKey.signature } };
  const manifest: ResultsManifest = {
    kind: 'results',
    bundleId: uuidv7Like(),
    inReplyTo: m.bundleId,
    unitId: unit.id,
    createdAt: d.now().toISOString(),
    itemCount: results.length,
    changeCount: changes.length,
    after: m.cursor,
    cursor,
    payloadSha256: sha256Hex(canonicalJson(payload)),
  };
  const out: ResultsBundle = { manifest, signature: await caEnvelope(d.ca, manifest), payload };
  const sealed = seal({ kind: 'results', bundleId: manifest.bundleId, unitId: unit.id, recipient: Buffer.from(m.replyKey, 'base64'), plaintext: Buffer.from(JSON.stringify(out)) });

  try {
    await d.db.transaction(async (tx) => {
      const at = d.now().toISOString();
      await insertBundleImport(tx, { bundleId: m.bundleId, unitId: unit.id, importedBy: p.certSerial, importedAt: at, itemCount: m.itemCount, resultsBundleId: manifest.bundleId });
      await new Journal(tx, d.now).audit({
        actor: p.certSerial,
        action: 'bundle.import',
        entity: 'bundle',
        entityId: m.bundleId,
        signature: bundle.signature,
        detail: { unitId: unit.id, items: m.itemCount, results: manifest.bundleId, refused: results.filter((r) => r.status === 'refused').length },
      });
    });
  } catch (e) {
    // The same bundle imported twice at once: the requests were idempotent, the second answer is a refusal.
    if (isUniqueViolation(e)) throw replayed(m.bundleId, d.now().toISOString());
    throw e;
  }
  const count = (s: BundleItemResult['status']) => results.filter((r) => r.status === s).length;
  return {
    results: `${JSON.stringify(sealed)}\n`,
    summary: { bundleId: m.bundleId, unitId: unit.id, unitName: unit.name, accepted: count('accepted'), duplicate: count('duplicate'), refused: count('refused'), changes: changes.length },
  };
}

function replayed(bundleId: string, at: string): BundleError {
  return new BundleError('REPLAY', `此数据包（编号 ${bundleId}）已于 ${at} 导入过，不能重复导入：如回执文件丢失，请让单位重新导出一个新的数据包（已送达的申报不会重复办理）`);
}

function parseInner(plain: Buffer): OutboxBundle {
  let v: unknown;
  try {
    v = JSON.parse(plain.toString('utf8'));
  } catch {
    throw new BundleError('TAMPERED', '数据包解密后内容不是有效的数据：拒绝导入，请重新导出');
  }
  const b = v as Partial<OutboxBundle> | null;
  if (!b || !Value.Check(OutboxManifestSchema, b.manifest) || !Value.Check(SignatureEnvelopeSchema, b.signature) || !Array.isArray(b.items)) {
    throw new BundleError('FORMAT', '数据包清单缺少必要字段（单位、信用代码、编办、数量或校验值），拒绝导入：请用最新版本软件重新导出');
  }
  return b as OutboxBundle;
}

/** The manifest: signed by a valid certificate of the unit it names, and naming that unit's credit code and bianban. */
async function checkManifest(d: AppDeps, m: OutboxManifest, sig: OutboxBundle['signature']): Promise<void> {
  const binding = await findCertificate(d.db, sig.certSerial);
  const cert = binding ? parseCertificate(binding.pem) : null;
  if (!binding || !cert || binding.role !== 'unit' || binding.unitId !== m.unitId) {
    throw new BundleError('SIGNATURE', '数据包签名无效：签名证书不是该单位的电子编制管理证，拒绝导入');
  }
  if (binding.revokedAt) throw new BundleError('SIGNATURE', '数据包由已吊销的证书签名，拒绝导入：请单位使用新证书重新签名导出');
  if (!(await verifyEnvelope(sig, m, cert))) throw new BundleError('SIGNATURE', '数据包清单的签名与内容不符：清单在签名后被改动，拒绝导入');
  const u = await unitIdentity(d.db, m.unitId);
  if (!u || u.creditCode !== m.creditCode || u.bianbanId !== m.bianbanId) {
    throw new BundleError('FOREIGN', '数据包清单中的统一社会信用代码或所属编办与本编办的记录不一致，拒绝导入：请单位同步记录后重新导出');
  }
}

async function storeOne(d: AppDeps, asUnit: Principal, m: OutboxManifest, raw: unknown): Promise<BundleItemResult> {
  const id = typeof (raw as { id?: unknown })?.id === 'string' ? String((raw as { id: string }).id) : '';
  const idOk = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  if (!Value.Check(SignedRequestSchema, raw)) {
    const first = Value.Errors(SignedRequestSchema, raw).First();
    return { id: idOk ? id : '00000000-0000-0000-0000-000000000000', status: 'refused', code: 'VALIDATION', message: `申报格式不正确：${first?.path ?? ''} ${first?.message ?? ''}`.trim() };
  }
  const item = raw as SignedRequest;
  if (item.unitId !== m.unitId) return { id: item.id, status: 'refused', code: 'FORBIDDEN', message: '申报中的单位与数据包的单位不一致，不能代其他单位提交' };
  try {
    const [r] = await pushRequests(d, asUnit, [item]);
    return { id: item.id, status: r!.status, state: r!.state };
  } catch (e) {
    if (e instanceof HttpError) return { id: item.id, status: 'refused', code: e.code, message: e.message };
    throw e;
  }
}

/** A time-ordered id for the results bundle (UUIDv7 layout: 48-bit milliseconds, version 7). */
function uuidv7Like(): string {
  const hex = Date.now().toString(16).padStart(12, '0');
  const r = randomUUID().replace(/-/g, '');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${r.slice(13, 16)}-${((parseInt(r[16]!, 16) & 0x3) | 0x8).toString(16)}${r.slice(17, 20)}-${r.slice(20, 32)}`;
}
