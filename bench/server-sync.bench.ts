/**
 * Server figures on loopback HTTPS against a throwaway PostgreSQL 15 cluster: import of a province
 * (units + staff), incremental pull latency / throughput and push throughput with 200 concurrent
 * clients. Issue 18's limits are measured beside them in the same run: the import beside a raw COPY of
 * the same rows into the same tables of a fresh database, the pull at 3,000 pulls/s beside bare Fastify
 * with the same TLS certificate answering a fixed body of the same size under the same load.
 * Size: EBZ_BENCH_SIZE=full (`ebz bench --size full`) is the acceptance target (50,000 units /
 * 2,000,000 staff, a few minutes on 2 cores); small (the default) is 5,000 / 200,000 and 5 s per load
 * phase. EBZ_BENCH_UNITS / EBZ_BENCH_STAFF / EBZ_BENCH_SECONDS override. Run alone:
 * `npx tsx bench/server-sync.bench.ts`.
 */
import 'reflect-metadata';
import { generateKeyPairSync, randomUUID, webcrypto } from 'node:crypto';
import { Agent, request } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as x509 from '@peculiar/x509';
import Fastify from 'fastify';
import pg from 'pg';
import { canonicalJson } from '../domain/crypto/canonical-json';
import type { Bianban, StaffMember, Unit } from '../domain/model';
import { creditCodeCheckChar } from '../domain/validation/credit-code';
import { idNumberCheckChar } from '../domain/validation/id-number';
import { createApp } from '../server/app';
import { CertificateAuthority } from '../server/ca/authority';
import { issueCertificate } from '../server/ca/certificate-service';
import { keyObjectSigner } from '../server/ca/file-signer';
import { DEFAULT_CONFIG, type AppDeps } from '../server/context';
import { openDatabase } from '../server/db/open';
import { importRecords } from '../server/import/import-seed';
import { ensureTlsCertificate } from '../server/tls';
import { startCluster } from '../server/testing/pg-cluster';
import { benchSize, peakRssMb, percentile, round, withLimit, type BenchContext, type Figure } from './stats';

// Responses are read field by field below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

// Set by run() from the size asked for.
let UNITS = 50_000;
let STAFF = 2_000_000;
const BATCH = 100_000;
const CLIENTS = Number(process.env.EBZ_BENCH_CLIENTS ?? 200);
let SECONDS = 10;

/** Tables in the order a COPY can fill them (parents first); any other non-empty table follows. */
const COPY_ORDER = ['bianbans', 'units', 'divisions', 'ledger_entries', 'staff', 'off_establishment'];

/**
 * The import's limit: every row the import wrote, COPYed (server-side files in the cluster's data
 * directory, text format; they go with the throwaway cluster) into the same tables of a freshly migrated database, in one transaction with
 * the tables' indexes and constraints in place. Returns ms of the COPY FROM alone.
 */
async function rawCopy(adminUrl: string, source: pg.Client): Promise<{ ms: number; rows: number }> {
  const tables = (await source.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'`)).rows.map((r) => r.t);
  const filled: string[] = [];
  for (const t of tables) if ((await source.query(`SELECT 1 FROM ${t} LIMIT 1`)).rowCount) filled.push(t);
  filled.sort((a, b) => (COPY_ORDER.indexOf(a) + 1 || 99) - (COPY_ORDER.indexOf(b) + 1 || 99));
  const data = (await source.query<{ data_directory: string }>('SHOW data_directory')).rows[0]!.data_directory;
  const file = (t: string) => `${data}/ebz_bench_${t}.copy`;
  let rows = 0;
  for (const t of filled) rows += (await source.query(`COPY ${t} TO '${file(t)}'`)).rowCount ?? 0;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS ebz_bench_copy WITH (FORCE)');
  await admin.query('CREATE DATABASE ebz_bench_copy');
  await admin.end();
  const url = adminUrl.replace(/\/[^/]*$/, '/ebz_bench_copy');
  await (await openDatabase({ databaseUrl: url })).close();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const t0 = performance.now();
    await c.query('BEGIN');
    for (const t of filled) await c.query(`COPY ${t} FROM '${file(t)}'`);
    await c.query('COMMIT');
    const ms = performance.now() - t0;
    return { ms, rows };
  } finally {
    await c.end();
  }
}

type Call = (method: string, path: string, token?: string, body?: unknown) => Promise<{ status: number; json: Json }>;

/** Open loop: `rate` calls per second offered, spread over the clients, each on its own schedule, for `seconds`. */
async function openLoop(n: number, rate: number, seconds: number, once: (i: number) => Promise<void>): Promise<{ lat: number[]; served: number }> {
  const lat: number[] = [];
  const interval = (n / rate) * 1000;
  const stop = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      let next = performance.now() + (i * interval) / n;
      while (Date.now() < stop) {
        const wait = next - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const t = performance.now();
        await once(i);
        lat.push(performance.now() - t);
        next += interval;
      }
    }),
  );
  return { lat, served: lat.length / seconds };
}

type BenchLedger = { id: string; unitId: string; documentNo: string; date: string; issuer: string; postDeltas: Record<string, number>; leaderDeltas: Record<string, number>; note: string };

/** The province's structure: bianbans, units and one ledger entry per unit (small enough for one file). */
function structure(): { bianbans: Bianban[]; units: Unit[]; ledger: BenchLedger[] } {
  const bianbans: Bianban[] = [{ id: 'P', name: '省编办', level: 'province', parentId: null, regionCode: '370000', shortName: '鲁机编' }];
  for (let c = 1; c <= 16; c++) bianbans.push({ id: `C${c}`, name: `市编办${c}`, level: 'city', parentId: 'P', regionCode: `37${String(c).padStart(2, '0')}00`, shortName: `市${c}机编` });
  const units: Unit[] = [];
  for (let i = 0; i < UNITS; i++) {
    const b = bianbans[1 + (i % 16)]!;
    const body = `11${b.regionCode}${String(i).padStart(8, '0')}M`;
    units.push({
      id: `U${i}`, name: `单位${i}`, creditCode: body + creditCodeCheckChar(body), kind: 'organ', rank: 'sectionFull', fundingForm: 'full', bianbanId: b.id,
      supervisorUnitId: i % 10 === 0 || i < 10 ? null : `U${i - (i % 10)}`, functions: '', powerList: [], address: '', phone: '', establishedOn: '2000-01-01', history: [], abolished: false,
    });
  }
  const ledger = units.map((u, i) => ({ id: `L${i}`, unitId: u.id, documentNo: `编〔2020〕${i}号`, date: '2020-01-01', issuer: '编委', postDeltas: { administrative: Math.ceil(STAFF / UNITS) + 50 }, leaderDeltas: {}, note: '' }));
  return { bianbans, units, ledger };
}

/**
 * Staff rows [from, to): generated per batch so 2,000,000 people never sit in memory (or in one JSON
 * string — V8 strings stop at ~512 MB) at once.
 */
function staffBatch(from: number, to: number): StaffMember[] {
  const staff: StaffMember[] = [];
  for (let i = from; i < to; i++) {
    const birth = `19${60 + (i % 40)}0101`;
    // Unique per person: fold the index into the region/sequence digits deterministically.
    const uniq = `${String(110000 + Math.floor(i / 1000) % 890000).padStart(6, '0')}${birth}${String(i % 1000).padStart(3, '0')}`;
    const idNo = uniq + idNumberCheckChar(uniq);
    staff.push({
      id: `S${i}`, unitId: `U${i % UNITS}`, divisionId: null, name: `人员${i}`, idNumber: idNo, sex: i % 2 ? 'male' : 'female', birthDate: `19${60 + (i % 40)}-01-01`, ethnicity: '汉族',
      education: 'bachelor', politicalStatus: '群众', postKey: 'administrative', position: '科员', positionLevel: '', leaderKind: null, retirementCategory: i % 2 ? 'male' : 'female-55',
      enrolledOn: '2010-01-01', entryChannel: 'civilServiceExam', slipNumber: null, slotNo: null, phone: '', leftOn: null,
    });
  }
  return staff;
}

export async function run(ctx?: BenchContext): Promise<Figure[]> {
  const full = benchSize(ctx) === 'full';
  UNITS = Number(process.env.EBZ_BENCH_UNITS ?? (full ? 50_000 : 5_000));
  STAFF = Number(process.env.EBZ_BENCH_STAFF ?? (full ? 2_000_000 : 200_000));
  SECONDS = Number(process.env.EBZ_BENCH_SECONDS ?? (full ? 10 : 5));
  const figures: Figure[] = [];
  const cluster = process.env.EBZ_BENCH_DATABASE_URL ? null : await startCluster();
  const adminUrl = process.env.EBZ_BENCH_DATABASE_URL ?? cluster!.adminUrl;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query('DROP DATABASE IF EXISTS ebz_bench WITH (FORCE)');
  await c.query('CREATE DATABASE ebz_bench');
  await c.end();
  const dir = mkdtempSync(join(tmpdir(), 'ebz-bench-'));
  const db = await openDatabase({ databaseUrl: adminUrl.replace(/\/[^/]*$/, '/ebz_bench') });
  try {
    const t0 = performance.now();
    await importRecords(db, { version: 1, ...structure() } as never, { today: '2026-01-01' });
    // Staff in batches, each its own checked import (as `ebz server import` of a staff file would be).
    for (let from = 0; from < STAFF; from += BATCH) {
      await importRecords(db, { version: 1, bianbans: [], units: [], staff: staffBatch(from, Math.min(STAFF, from + BATCH)) }, { today: '2026-01-01' });
      if (process.env.EBZ_BENCH_VERBOSE) process.stderr.write(`imported ${Math.min(STAFF, from + BATCH)} staff, ${round((performance.now() - t0) / 1000, 1)} s\n`);
    }
    const importS = (performance.now() - t0) / 1000;
    const importRss = peakRssMb();
    const source = new pg.Client({ connectionString: adminUrl.replace(/\/[^/]*$/, '/ebz_bench') });
    await source.connect();
    const copy = await rawCopy(adminUrl, source).finally(() => source.end());
    figures.push({
      ...withLimit(
        { name: `import ${UNITS} units / ${STAFF} staff (checked, through importRecords)`, value: importS, unit: 's', goal: 'ratio ≤ 2 (and < 300 s for 50,000 units / 2,000,000 staff)' },
        { name: `raw COPY of the same ${copy.rows} rows into the same tables (fresh database, indexes in place)`, value: copy.ms / 1000 },
        { maxRatio: 2, ...(STAFF >= 2_000_000 ? { maxValue: 300 } : {}) },
      ),
      peakRssMb: importRss,
      rssOf: 'bench process (server import code + staff batch generation)',
    });
    figures.push({ name: `server peak RSS during import (${STAFF} staff)`, value: importRss, unit: 'MB', goal: '≤ 1024 MB', pass: importRss <= 1024 });
    await db.query('ANALYZE');

    const ca = await CertificateAuthority.open(await keyObjectSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey), null);
    const deps: AppDeps = { db, ca, config: { ...DEFAULT_CONFIG, verifyRateLimit: { max: 1e9, windowMs: 1000 } }, now: () => new Date() };
    const tls = await ensureTlsCertificate(join(dir, 'tls'), ca, ['127.0.0.1']);
    const app = await createApp(deps, { https: tls });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as { port: number }).port;
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS, ca: ca.pem });
    const call: Call = (method, path, token, body) =>
      new Promise((resolve, reject) => {
        const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        const req = request({ host: '127.0.0.1', port, path, method, agent, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(data ? { 'content-type': 'application/json' } : {}) } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString() || 'null') }));
        });
        req.on('error', reject);
        req.end(data);
      });

    // One officer per client, each of a different unit, logged in through the real challenge flow.
    const clients: { token: string; unitId: string; key: webcrypto.CryptoKeyPair; cert: x509.X509Certificate; cursor: number }[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const unitId = `U${Math.floor((i * UNITS) / CLIENTS)}`;
      const key = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
      const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: `CN=c${i}`, keys: key as unknown as CryptoKeyPair, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } });
      const b = await issueCertificate(deps, 'bench', { csr: csr.toString('pem'), role: 'unit', unitId, holderName: `c${i}` });
      const cert = new x509.X509Certificate(b.pem);
      const sign = async (v: unknown) => ({ alg: 'ECDSA-P256-SHA256' as const, certSerial: b.serial, issuer: cert.issuer, value: Buffer.from(await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, new TextEncoder().encode(canonicalJson(v)))).toString('base64') });
      const ch = await call('POST', '/api/v1/auth/challenge');
      const login = await call('POST', '/api/v1/auth/login', undefined, { certificate: b.pem, challenge: ch.json.challenge, signature: await sign({ challenge: ch.json.challenge, purpose: 'login' }) });
      // First sync: page through the snapshot to the head.
      let cursor = 0;
      for (;;) {
        const r = await call('GET', `/api/v1/sync/pull?after=${cursor}&limit=5000`, login.json.token);
        cursor = r.json.cursor;
        if (!r.json.hasMore) break;
      }
      clients.push({ token: login.json.token, unitId, key, cert, cursor });
    }

    // Incremental pulls: every client polls from its cursor as fast as it can.
    const lat: number[] = [];
    let stop = Date.now() + SECONDS * 1000;
    await Promise.all(clients.map(async (cl) => {
      while (Date.now() < stop) {
        const t = performance.now();
        const r = await call('GET', `/api/v1/sync/pull?after=${cl.cursor}`, cl.token);
        lat.push(performance.now() - t);
        if (r.status !== 200) throw new Error(`pull ${r.status}`);
      }
    }));
    figures.push({ name: `incremental pull p50, closed loop (${CLIENTS} clients)`, value: round(percentile(lat, 50), 2), unit: 'ms' });
    figures.push({ name: `incremental pull p99, closed loop (${CLIENTS} clients)`, value: round(percentile(lat, 99), 2), unit: 'ms' });
    figures.push({ name: `incremental pull throughput, closed loop (${CLIENTS} clients)`, value: round(lat.length / SECONDS, 0), unit: 'pulls/s', goal: '≥ 1,500 pulls/s' });

    // The goal is stated at a rate: offer pulls/s spread over the clients (open loop, each client on its
    // own schedule) and measure latency there; the closed loop above measures saturation.
    const pull = async (i: number) => {
      const cl = clients[i]!;
      const r = await call('GET', `/api/v1/sync/pull?after=${cl.cursor}`, cl.token);
      if (r.status !== 200) throw new Error(`pull ${r.status}`);
    };
    const at1500 = await openLoop(CLIENTS, 1500, SECONDS, pull);
    figures.push({ name: 'incremental pull p50 at 1500 pulls/s offered', value: round(percentile(at1500.lat, 50), 2), unit: 'ms' });
    figures.push({ name: 'incremental pull p99 at 1500 pulls/s offered', value: round(percentile(at1500.lat, 99), 2), unit: 'ms', goal: '< 50 ms at ≥ 1,500 pulls/s' });
    figures.push({ name: 'incremental pulls served at 1500 pulls/s offered', value: round(at1500.served, 0), unit: 'pulls/s' });

    const RATE = Number(process.env.EBZ_BENCH_PULL_RATE ?? 3000);
    const atRate = await openLoop(CLIENTS, RATE, SECONDS, pull);
    // The limit: bare Fastify with the same TLS certificate and key answering a fixed body of the same
    // size (an incremental pull's answer), same agent, same clients, same rate.
    const body = JSON.stringify((await call('GET', `/api/v1/sync/pull?after=${clients[0]!.cursor}`, clients[0]!.token)).json);
    const bare = Fastify({ https: tls, logger: false });
    bare.get('/api/v1/sync/pull', (_req, reply) => reply.header('content-type', 'application/json; charset=utf-8').send(body));
    await bare.listen({ host: '127.0.0.1', port: 0 });
    const barePort = (bare.server.address() as { port: number }).port;
    const bareAgent = new Agent({ keepAlive: true, maxSockets: CLIENTS, ca: ca.pem });
    const bareCall = () =>
      new Promise<void>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: barePort, path: '/api/v1/sync/pull?after=1', agent: bareAgent, headers: { authorization: 'Bearer x' } }, (res) => {
          res.on('data', () => undefined);
          res.on('end', () => resolve());
        });
        req.on('error', reject);
        req.end();
      });
    // Warm like the real clients: one kept-alive TLS connection per client before measuring.
    await Promise.all(clients.map(() => bareCall()));
    const bareRun = await openLoop(CLIENTS, RATE, SECONDS, bareCall);
    bareAgent.destroy();
    await bare.close();
    figures.push({ name: `incremental pull p50 at ${RATE} pulls/s offered`, value: round(percentile(atRate.lat, 50), 2), unit: 'ms', limit: { name: 'bare Fastify, same TLS, fixed body, same load: p50', value: round(percentile(bareRun.lat, 50), 2) } });
    figures.push({
      ...withLimit(
        { name: `incremental pull p99 at ${RATE} pulls/s offered (${CLIENTS} clients)`, value: percentile(atRate.lat, 99), unit: 'ms', goal: '≤ 20 ms at 3,000 pulls/s' },
        { name: `bare Fastify + the same TLS answering a fixed ${body.length}-byte body, same load: p99`, value: percentile(bareRun.lat, 99) },
        { maxValue: 20 },
      ),
    });
    figures.push({ name: `incremental pulls served at ${RATE} pulls/s offered`, value: round(atRate.served, 0), unit: 'pulls/s', limit: { name: 'bare Fastify, same load: served', value: round(bareRun.served, 0) } });
    figures.push({
      name: 'jurisdiction figures p50 (the "jurisdiction" issue)',
      value: null,
      unit: 'ms',
      goal: '≤ 500 ms p50; limit: a single aggregate SQL over the same tables',
      note: 'not built yet (issue 16): no jurisdiction endpoint to measure',
    });

    // Push: signed change requests, one per call, from every client at once.
    let pushed = 0;
    stop = Date.now() + SECONDS * 1000;
    await Promise.all(clients.map(async (cl, i) => {
      let n = 0;
      while (Date.now() < stop) {
        const content = { id: randomUUID(), kind: 'change', unitId: cl.unitId, payload: { target: 'unit', targetId: cl.unitId, changes: [{ field: 'phone', from: '', to: `${i}-${n++}` }], reason: '' }, createdAt: new Date().toISOString() };
        const sig = { alg: 'ECDSA-P256-SHA256' as const, certSerial: cl.cert.serialNumber.toLowerCase(), issuer: cl.cert.issuer, value: Buffer.from(await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, cl.key.privateKey, new TextEncoder().encode(canonicalJson(content)))).toString('base64') };
        const r = await call('POST', '/api/v1/sync/push', cl.token, { requests: [{ ...content, signature: sig }] });
        if (r.status !== 200) throw new Error(`push ${r.status} ${JSON.stringify(r.json)}`);
        pushed++;
      }
    }));
    figures.push({ name: `push throughput (${CLIENTS} clients, 1 signed request per call)`, value: round(pushed / SECONDS, 0), unit: 'requests/s' });
    agent.destroy();
    await app.close();
  } finally {
    await db.close();
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const f of await run()) console.log(JSON.stringify(f));
}
