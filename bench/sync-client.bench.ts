/**
 * Client sync figures against the real server on a throwaway PostgreSQL 15 cluster, HTTPS on loopback:
 * the first sync (paged snapshot) of a department with 50,000 staff in it and its subordinates, and an
 * incremental sync of 100 changes made by another desktop of the same unit.
 * Run alone with `npx tsx bench/sync-client.bench.ts` (EBZ_BENCH_SYNC_STAFF to change the size).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { issueCertificate } from '../server/ca/certificate-service';
import type { RunningServer } from '../server/main';
import { SyncClient } from '../client/sync-client';
import type { SignedContent } from '../client/request-filing';
import { openReplica, uuidv7 } from '../db/index';
import { canonicalJson } from '../domain/crypto/canonical-json';
import { generateSlice } from '../domain/demo/seed';
import { DEMO_PIN, DemoKey } from '../native/demo-key';
import { importRecords } from '../server/import/import-seed';
import { startServer } from '../server/main';
import { startCluster } from '../server/testing/pg-cluster';
import { demoUnit } from '../client/demo-replica';
import { round, type Figure } from './stats';

const STAFF = Number(process.env.EBZ_BENCH_SYNC_STAFF ?? 50_000);

/** A demo key (files under the demo PIN, where native's DemoKey reads them) with a certificate from the server's CA. */
async function provision(server: RunningServer, dir: string, unitId: string): Promise<void> {
  const keyDir = join(dir, 'demo-key');
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  const binding = await issueCertificate(server.deps, 'bootstrap', { publicKeySpki: spki, role: 'unit', unitId, holderName: '单位经办人', demo: true });
  writeFileSync(join(keyDir, 'unit-key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: DEMO_PIN }) as string, { mode: 0o600 });
  writeFileSync(join(keyDir, 'unit-cert.pem'), binding.pem);
}

async function desktop(dir: string, url: string, caPem: string) {
  const store = openReplica(join(dir, 'replica.sqlite'));
  const key = await DemoKey.open({ dataDir: dir });
  await key.login(DEMO_PIN);
  const sync = new SyncClient({ store, http: { baseUrl: url, caPem }, sign: (d) => key.sign(d), certificatePem: () => key.certificatePem(), canSign: () => true, log: pino({ level: 'silent' }) });
  return { store, key, sync };
}

export async function run(): Promise<Figure[]> {
  const cluster = await startCluster();
  const dir = mkdtempSync(join(tmpdir(), 'ebz-bench-sync-'));
  const asOf = new Date().toISOString().slice(0, 10);
  try {
    const server = await startServer({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'server'), databaseUrl: cluster.adminUrl, logger: pino({ level: 'silent' }), expiryIntervalMs: 0 });
    // A province slice folded into one department: every other unit is its subordinate.
    const slice = generateSlice({ units: 30, staff: STAFF, seed: 5, asOf });
    const root = demoUnit(slice);
    for (const u of slice.units) if (u.id !== root) u.supervisorUnitId = root;
    await importRecords(server.deps.db, slice, { today: asOf, actor: 'bootstrap', skipBad: true });
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    for (const d of [a, b]) await provision(server, d, root);

    const A = await desktop(a, server.url, server.caCertPem);
    let pages = 0;
    A.sync.on('progress', (p) => void (p.phase === 'snapshot' && pages++));
    const t0 = performance.now();
    await A.sync.syncNow();
    const first = performance.now() - t0;
    const snap = A.sync.status().snapshot;

    // Another desktop of the unit files 100 signed requests and pushes them: 100 new changes on the server.
    const B = await desktop(b, server.url, server.caCertPem);
    await B.sync.syncNow();
    const unit = B.store.units.get(root)!;
    for (let i = 0; i < 100; i++) {
      const content: SignedContent = {
        id: uuidv7(),
        kind: 'change',
        unitId: root,
        payload: { target: 'unit', targetId: root, changes: [{ field: 'phone', from: unit.phone, to: `0571-${String(80000000 + i)}` }], reason: `办公电话变更 ${i + 1}` },
        createdAt: new Date().toISOString(),
      };
      B.store.outbox.enqueue({ requestId: content.id, body: content, signature: await B.key.sign(new TextEncoder().encode(canonicalJson(content))) });
    }
    const t1 = performance.now();
    await B.sync.syncNow();
    const push100 = performance.now() - t1;

    const before = A.store.local.getCursor().cursor;
    const t2 = performance.now();
    await A.sync.syncNow();
    const incr = performance.now() - t2;
    const after = A.store.local.getCursor().cursor;
    if (before === after) throw new Error('incremental sync pulled nothing');

    A.store.close();
    B.store.close();
    await server.close();
    return [
      { name: `first sync, department with ${STAFF} staff (${snap.total} changes, ${pages} pages)`, value: round(first), unit: 'ms', goal: '< 10000' },
      { name: 'incremental sync of 100 changes (pull)', value: round(incr), unit: 'ms', goal: '< 300' },
      { name: 'push of 100 signed requests (2 batches) + pull of them', value: round(push100), unit: 'ms' },
    ];
  } finally {
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const f of await run()) console.log(JSON.stringify(f));
}
