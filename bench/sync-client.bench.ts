/**
 * Client sync figures against the real server on a throwaway PostgreSQL 15 cluster, HTTPS on loopback:
 * the first sync (paged snapshot) of a department with 50,000 staff in it and its subordinates, and an
 * incremental sync of 100 changes made by another desktop of the same unit.
 * The first sync runs in a child process (bench/first-sync-child.ts): its time, and the client's peak
 * RSS, are printed beside the limit measured in the same run (issue 18) — the same rows inserted
 * straight into a fresh replica of the same schema with better-sqlite3, one prepared INSERT per table,
 * one transaction.
 * Run alone with `npx tsx bench/sync-client.bench.ts`; size from EBZ_BENCH_SIZE (small: 10,000 staff,
 * full: 50,000) or EBZ_BENCH_SYNC_STAFF.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
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
import { benchSize, round, withLimit, type BenchContext, type Figure } from './stats';

/** Replica tables a first sync fills, parents first. */
const REPLICA_TABLES = ['bianbans', 'units', 'divisions', 'ledger_entries', 'staff', 'departed_staff', 'requests', 'slips', 'slip_slots', 'notices', 'off_establishment', 'sealed_forms'];

/**
 * The limit: every replica row of `from` inserted straight into a fresh replica (same schema, same
 * pragmas, triggers and constraints) with one prepared INSERT per table in one transaction. Rows are
 * read into memory first; only the inserts are timed. Returns ms.
 */
function straightInsert(from: string, to: string): { ms: number; rows: number } {
  openReplica(to).close();
  const src = new Database(from, { readonly: true });
  const tables = REPLICA_TABLES.map((t) => ({ t, rows: src.prepare(`SELECT * FROM ${t}`).raw().all() as unknown[][], cols: src.prepare(`SELECT * FROM ${t} LIMIT 0`).columns().map((c) => c.name) }));
  src.close();
  const db = new Database(to);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -32768');
    const t = performance.now();
    db.transaction(() => {
      for (const { t: table, rows, cols } of tables) {
        const insert = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
        for (const r of rows) insert.run(r);
      }
    }).immediate();
    return { ms: performance.now() - t, rows: tables.reduce((n, x) => n + x.rows.length, 0) };
  } finally {
    db.close();
  }
}

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

export async function run(ctx?: BenchContext): Promise<Figure[]> {
  const size = benchSize(ctx);
  const STAFF = Number(process.env.EBZ_BENCH_SYNC_STAFF ?? (size === 'full' ? 50_000 : 10_000));
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

    // First sync of desktop A in its own process.
    const child = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'first-sync-child.ts'), JSON.stringify({ dir: a, url: server.url, caPem: server.caCertPem })], {
      cwd: join(import.meta.dirname, '..'),
      maxBuffer: 1 << 20,
    });
    const firstSync = JSON.parse(child.stdout.trim().split('\n').pop()!) as { ms: number; pages: number; total: number; peakRssMb: number };
    const limit = straightInsert(join(a, 'replica.sqlite'), join(dir, 'limit', 'replica.sqlite'));
    const A = await desktop(a, server.url, server.caCertPem);

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
      {
        ...withLimit(
          { name: `first sync, department with ${STAFF} staff (${firstSync.total} changes, ${firstSync.pages} pages)`, value: firstSync.ms, unit: 'ms', goal: STAFF >= 50_000 ? '≤ 2000 ms and ratio ≤ 1.5' : 'ratio ≤ 1.5 (≤ 2000 ms at 50,000 staff)' },
          { name: `the same ${limit.rows} rows inserted straight into the same replica schema (better-sqlite3, one transaction)`, value: limit.ms },
          STAFF >= 50_000 ? { maxValue: 2000, maxRatio: 1.5 } : { maxRatio: 1.5 },
        ),
        peakRssMb: firstSync.peakRssMb,
        rssOf: 'client process (first-sync child)',
      },
      { name: `client peak RSS during first sync (${STAFF} staff)`, value: firstSync.peakRssMb, unit: 'MB', goal: '≤ 300 MB', pass: firstSync.peakRssMb <= 300 },
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
