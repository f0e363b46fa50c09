/**
 * Removable-media bundles against the real server on PostgreSQL: a subordinate institution with no link
 * exports its outbox, its supervising department imports it online, the results bundle goes back and is
 * applied on the institution's machine. Then every refusal: tampered, truncated, foreign (another
 * bianban's key; a department that is not the unit's supervisor), replayed, and results for another unit.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../client/bundle/bundle-export';
import { applyResults } from '../../client/bundle/bundle-results';
import { BundleError, keyIdOf, rawPublicKey } from '../../native/bundle-crypto';
import { HttpFailure } from '../../client/connection';
import type { CertifiedBundleKey, ImportBundleResponse } from '../../domain/api/bundle';
import { DEMO_PIN, DemoKey } from '../../native/demo-key';
import { caEnvelope } from '../../server/bundles/bundle-key';
import { makeCa } from '../server/helpers/world';
import { syncEnv, type BareSync, type SyncEnv } from './helpers/sync-env';

let env: SyncEnv;
let sub: { id: string; creditCode: string; name: string };
let other: { id: string; creditCode: string };
let subDir: string;
let subDesk: BareSync;
let deptDir: string;
let deptDesk: BareSync;
let otherDesk: BareSync;
let bundleKey: CertifiedBundleKey;


async function importAs(desk: BareSync, text: string): Promise<{ status: number; code?: string; message?: string; body?: ImportBundleResponse }> {
  try {
    return { status: 200, body: await desk.sync.connection.call('bundleImport', { body: { bundle: text } }) };
  } catch (e) {
    if (!(e instanceof HttpFailure)) throw e;
    return { status: e.status, code: e.code, message: e.message };
  }
}

async function exportFrom(dir: string, desk: BareSync, creditCode: string, o: { key?: CertifiedBundleKey; caPem?: string } = {}) {
  const key = await DemoKey.open({ dataDir: dir });
  await key.login(DEMO_PIN);
  return exportBundle({ store: desk.store, dataDir: dir, caPem: o.caPem ?? env.fx.server.caCertPem, creditCode, sign: (d) => key.sign(d), bundleKey: o.key ?? bundleKey });
}

function refusal(fn: () => unknown): BundleError {
  try {
    fn();
  } catch (e) {
    if (e instanceof BundleError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

/** Flips one bit in the middle of the ciphertext (a bad sector, a hand edit). */
function flipBit(text: string): string {
  const env = JSON.parse(text) as { ciphertext: string };
  const bytes = Buffer.from(env.ciphertext, 'base64');
  bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
  return `${JSON.stringify({ ...env, ciphertext: bytes.toString('base64') })}\n`;
}

beforeAll(async () => {
  env = await syncEnv({ units: 16, staff: 300 });
  const s = env.fx.slice.units.find((u) => u.supervisorUnitId === env.fx.unitId && !u.abolished)!;
  sub = { id: s.id, creditCode: s.creditCode, name: s.name };
  const o = env.fx.slice.units.find((u) => u.id !== env.fx.unitId && u.supervisorUnitId !== env.fx.unitId && u.id !== s.supervisorUnitId && !u.abolished)!;
  other = { id: o.id, creditCode: o.creditCode };
  subDir = await env.clientDir(sub.id);
  subDesk = await env.syncClient(subDir);
  // The institution synced once while it still had a link; from now on it works offline.
  await subDesk.sync.syncNow();
  deptDir = await env.clientDir();
  deptDesk = await env.syncClient(deptDir);
  await deptDesk.sync.syncNow();
  otherDesk = await env.syncClient(await env.clientDir(other.id));
  await otherDesk.sync.syncNow();
  bundleKey = await deptDesk.sync.connection.call('bundleKey', {});
}, 240_000);

afterAll(async () => {
  await env?.close();
});

describe('removable-media round trip', () => {
  it('outbox → department imports → results applied: rows acked, requests in the replica, each stored once on the server', async () => {
    const ids = [await subDesk.fileChange(sub.id), await subDesk.fileChange(sub.id)];
    const cursorBefore = Number(subDesk.store.local.getCursor().cursor);
    const b = await exportFrom(subDir, subDesk, sub.creditCode);
    expect(b.itemCount).toBe(2);
    expect(b.text).not.toContain(ids[0]); // encrypted: the request ids do not show on the disk
    expect(readdirSync(join(subDir, 'bundles')).filter((f) => f.endsWith('.reply-key.pem'))).toHaveLength(1);

    const r = await importAs(deptDesk, b.text);
    expect(r.status).toBe(200);
    expect(r.body!.summary).toMatchObject({ bundleId: b.bundleId, unitId: sub.id, accepted: 2, duplicate: 0, refused: 0 });
    expect(r.body!.summary.changes).toBeGreaterThanOrEqual(2);
    const stored = await env.db.db.query<{ id: string; state: string }>('SELECT id, state FROM requests WHERE id = ANY($1)', [ids]);
    expect(stored.rows.map((x) => x.state).sort()).toEqual(['supervisorReview', 'supervisorReview']);

    // Not on the department's machine: the results are sealed to the institution's reply key.
    const wrongDesk = refusal(() => applyResults({ store: deptDesk.store, dataDir: deptDir, caPem: env.fx.server.caCertPem, creditCode: env.fx.slice.units.find((u) => u.id === env.fx.unitId)!.creditCode, text: r.body!.results }));
    expect(wrongDesk.code).toBe('WRONG_UNIT');
    expect(wrongDesk.message).toContain(`是发给“${sub.name}”的，不是本单位`);

    // Tampered results are refused before anything is written.
    expect(refusal(() => applyResults({ store: subDesk.store, dataDir: subDir, caPem: env.fx.server.caCertPem, creditCode: sub.creditCode, text: flipBit(r.body!.results) })).code).toBe('TAMPERED');

    const applied = applyResults({ store: subDesk.store, dataDir: subDir, caPem: env.fx.server.caCertPem, creditCode: sub.creditCode, text: r.body!.results });
    expect(applied).toMatchObject({ inReplyTo: b.bundleId, acked: 2, refused: [], replicaUpdated: true });
    for (const id of ids) {
      expect(subDesk.store.outbox.listByRequest(id)[0]!.state).toBe('acked');
      expect(subDesk.store.requests.get(id)?.state).toBe('supervisorReview');
    }
    expect(Number(subDesk.store.local.getCursor().cursor)).toBeGreaterThan(cursorBefore);
    expect(readdirSync(join(subDir, 'bundles')).filter((f) => f.endsWith('.reply-key.pem'))).toHaveLength(0);

    // Results imported twice: refused, nothing changes.
    const again = refusal(() => applyResults({ store: subDesk.store, dataDir: subDir, caPem: env.fx.server.caCertPem, creditCode: sub.creditCode, text: r.body!.results }));
    expect(again.code).toBe('REPLAY');
    expect(again.message).toContain('已导入过');

    // Online sync afterwards: nothing to resend, the replica matches the server's view.
    await subDesk.sync.syncNow();
    expect(subDesk.store.outbox.counts()).toMatchObject({ pending: 0, failed: 0 });
    expect((await env.db.db.query('SELECT id FROM requests WHERE id = ANY($1)', [ids])).rows).toHaveLength(2);
  });

  it('a request the server refuses comes back failed with its Chinese reason; one already pushed online is a duplicate', async () => {
    const onlineId = await subDesk.fileChange(sub.id);
    await subDesk.sync.syncNow();
    // The same signed request again (a copy of the outbox row), and one that changes another unit: refused.
    const row = subDesk.store.outbox.listByRequest(onlineId)[0]!;
    subDesk.store.outbox.enqueue({ requestId: onlineId, body: row.body, signature: row.signature });
    const key = await DemoKey.open({ dataDir: subDir });
    await key.login(DEMO_PIN);
    const { canonicalJson } = await import('../../domain/crypto/canonical-json');
    const { uuidv7 } = await import('../../db/index');
    const bad = { id: uuidv7(), kind: 'change' as const, unitId: sub.id, payload: { target: 'unit', targetId: env.fx.unitId, changes: [{ field: 'phone', from: '', to: '0571-1' }], reason: '越权' }, createdAt: new Date().toISOString() };
    subDesk.store.outbox.enqueue({ requestId: bad.id, body: bad, signature: await key.sign(new TextEncoder().encode(canonicalJson(bad))) });

    const b = await exportFrom(subDir, subDesk, sub.creditCode);
    const r = await importAs(deptDesk, b.text);
    expect(r.body!.summary).toMatchObject({ accepted: 0, duplicate: 1, refused: 1 });
    const applied = applyResults({ store: subDesk.store, dataDir: subDir, caPem: env.fx.server.caCertPem, creditCode: sub.creditCode, text: r.body!.results });
    expect(applied.refused).toEqual([{ id: bad.id, message: '只能变更本单位的信息' }]);
    expect(subDesk.store.outbox.listByRequest(bad.id)[0]).toMatchObject({ state: 'failed', lastError: '只能变更本单位的信息' });
  });
});

describe('refusals', () => {
  it('tampered: one flipped bit → refused, nothing stored', async () => {
    const id = await subDesk.fileChange(sub.id);
    const b = await exportFrom(subDir, subDesk, sub.creditCode);
    const r = await importAs(deptDesk, flipBit(b.text));
    expect(r).toMatchObject({ status: 400, code: 'BUNDLE_TAMPERED' });
    expect(r.message).toContain('文件已损坏或在导出后被改动');
    // A changed header (the unit named in clear) fails the same check: it is the cipher's additional data.
    const h = JSON.parse(b.text) as Record<string, unknown>;
    expect(await importAs(deptDesk, JSON.stringify({ ...h, unitId: env.fx.unitId }))).toMatchObject({ status: 400, code: 'BUNDLE_TAMPERED' });
    expect((await env.db.db.query('SELECT id FROM requests WHERE id = $1', [id])).rows).toHaveLength(0);
  });

  it('truncated: a copy cut off half-way → refused as incomplete', async () => {
    await subDesk.fileChange(sub.id);
    const b = await exportFrom(subDir, subDesk, sub.creditCode);
    const r = await importAs(deptDesk, b.text.slice(0, Math.floor(b.text.length / 2)));
    expect(r).toMatchObject({ status: 400, code: 'BUNDLE_TRUNCATED' });
    expect(r.message).toContain('数据包文件不完整');
  });

  it("foreign: sealed to another bianban's key → refused by the server; a key not certified by the pinned CA → refused at export", async () => {
    const otherCa = await makeCa('另一个编办 CA');
    const k = generateKeyPairSync('x25519').privateKey;
    const raw = rawPublicKey(k);
    const content = { purpose: 'bundleEncryption' as const, alg: 'X25519' as const, publicKey: raw.toString('base64'), keyId: keyIdOf(raw), createdAt: new Date().toISOString() };
    const foreignKey: CertifiedBundleKey = { key: content, signature: await caEnvelope(otherCa, content) };

    await subDesk.fileChange(sub.id);
    await expect(exportFrom(subDir, subDesk, sub.creditCode, { key: foreignKey })).rejects.toThrow(/不是本机信任的编办 CA 签发的/);
    // A unit set up with the other bianban's CA exports to that bianban; this server cannot open it.
    const b = await exportFrom(subDir, subDesk, sub.creditCode, { key: foreignKey, caPem: otherCa.pem });
    const r = await importAs(deptDesk, b.text);
    expect(r).toMatchObject({ status: 400, code: 'BUNDLE_FOREIGN' });
    expect(r.message).toContain('不是加密给本编办的');
    // Put the right key back for the other tests.
    await exportFrom(subDir, subDesk, sub.creditCode);
  });

  it('foreign: a department importing a bundle of a unit that is not its subordinate → 403', async () => {
    await subDesk.fileChange(sub.id);
    const b = await exportFrom(subDir, subDesk, sub.creditCode);
    const r = await importAs(otherDesk, b.text);
    expect(r).toMatchObject({ status: 403, code: 'BUNDLE_NOT_SUBORDINATE' });
    expect(r.message).toContain(`“${sub.name}”不是本部门的所属单位`);
    // Its own supervisor still may.
    expect((await importAs(deptDesk, b.text)).status).toBe(200);
  });

  it('replayed: the same bundle twice → the second is refused (409), naming when it was imported', async () => {
    await subDesk.fileChange(sub.id);
    const b = await exportFrom(subDir, subDesk, sub.creditCode);
    expect((await importAs(deptDesk, b.text)).status).toBe(200);
    const r = await importAs(deptDesk, b.text);
    expect(r).toMatchObject({ status: 409, code: 'BUNDLE_REPLAY' });
    expect(r.message).toContain(`此数据包（编号 ${b.bundleId}）已于`);
    expect((await env.db.db.query('SELECT count(*)::int AS n FROM bundle_imports WHERE bundle_id = $1', [b.bundleId])).rows[0]).toEqual({ n: 1 });
  });

  it('a results bundle handed to the server, or an outbox bundle applied as results → refused with where it belongs', async () => {
    await subDesk.fileChange(sub.id);
    const b = await exportFrom(subDir, subDesk, sub.creditCode);
    const r = await importAs(deptDesk, b.text);
    expect((await importAs(deptDesk, r.body!.results)).message).toContain('回执数据包，不能在这里导入');
    expect(refusal(() => applyResults({ store: subDesk.store, dataDir: subDir, caPem: env.fx.server.caCertPem, creditCode: sub.creditCode, text: b.text })).message).toContain('不是编办的回执');
  });
});
