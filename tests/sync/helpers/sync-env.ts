/**
 * The real bianban server on a fresh PostgreSQL database (from the run's cluster, or a cluster of this
 * file's own), with the demo province imported, plus what the sync tests need around it: a server that
 * can be restarted on the same port and data, client folders with the unit's key, and server-side counts
 * to compare a replica against.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createClient, type Client } from '../../../client/client-api';
import { DemoKeySource } from '../../../client/key-sources';
import { startServer, type RunningServer } from '../../../server/main';
import { createTestDatabase, type TestDatabase } from '../../server/helpers/test-db';
import { serverFixture, type ServerFixture } from '../../client/server-fixture';
import { DEMO_PIN, DemoKey } from '../../../native/demo-key';
import Database from 'better-sqlite3';
import { openReplica, uuidv7, type Store } from '../../../db/index';
import { canonicalJson } from '../../../domain/crypto/canonical-json';
import { SyncClient } from '../../../client/sync-client';
import { provisionDemoKey } from '../../../cli/commands/start';

export const TODAY = new Date().toISOString().slice(0, 10);

export interface BareSync {
  sync: SyncClient;
  store: Store;
  /** Signs and queues a change of the unit's phone number (a request any unit can file). */
  fileChange(unitId: string): Promise<string>;
  /** Rows in a replica table, read through a connection of its own. */
  count(table: string): number;
  close(): void;
}

export function countRows(file: string, table: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

export interface SyncEnv {
  fx: ServerFixture;
  db: TestDatabase;
  server(): RunningServer;
  /** Stops the server and starts it again on the same port, data folder and database. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** A client folder holding the unit's key (issued by this server's CA). */
  clientDir(unitId?: string): Promise<string>;
  /** An in-process client for that folder, logged in (not synced). */
  client(dir: string, o?: { url?: string; caPem?: string; now?: () => Date; offline?: boolean }): Promise<Client>;
  /** Files `n` signed change requests (the unit's phone) offline into `dir`'s outbox; returns their ids. */
  file(dir: string, n: number, o?: { now?: () => Date }): Promise<string[]>;
  /** A bare SyncClient over `dir` with the folder's key logged in: no automatic rounds, for fault tests. */
  syncClient(dir: string, o?: { url?: string; caPem?: string }): Promise<BareSync>;
  /** Server-side counts of what `unitId`'s certificate may see (its unit and subordinates). */
  visible(unitId: string): Promise<{ staff: number; requests: number; units: number }>;
  close(): Promise<void>;
}

export async function syncEnv(o: { units?: number; staff?: number } = {}): Promise<SyncEnv> {
  const db = await createTestDatabase();
  const fx = await serverFixture({ units: o.units ?? 16, staff: o.staff ?? 600, today: TODAY, databaseUrl: db.url });
  let current: RunningServer | null = fx.server;
  const port = fx.server.port;
  const dirs: string[] = [];
  const clients: Client[] = [];
  const bares: BareSync[] = [];
  const start = async () => {
    current = await startServer({ host: '127.0.0.1', port, dataDir: join(fx.dir, 'server'), databaseUrl: db.url, logger: pino({ level: 'silent' }), expiryIntervalMs: 0 });
  };
  const stop = async () => {
    await current?.close();
    current = null;
  };
  const env: SyncEnv = {
    fx,
    db,
    server: () => {
      if (!current) throw new Error('server stopped');
      return current;
    },
    start,
    stop,
    async restart() {
      await stop();
      await start();
    },
    async clientDir(unitId = fx.unitId) {
      const dir = mkdtempSync(join(tmpdir(), 'ebz-sync-'));
      dirs.push(dir);
      // Through the running server: after a restart the fixture's first server object is closed.
      await provisionDemoKey(current!, dir, { role: 'unit', unitId, holderName: '单位经办人' });
      return dir;
    },
    async client(dir, c = {}) {
      const client = createClient({
        dataDir: dir,
        mode: 'browser',
        keySource: new DemoKeySource(dir),
        ...(c.offline ? {} : { server: { url: c.url ?? fx.server.url, caPem: c.caPem ?? fx.server.caCertPem } }),
        syncIntervalMs: 0,
        print: false,
        log: pino({ level: 'silent' }),
        ...(c.now ? { now: c.now } : {}),
      });
      clients.push(client);
      await client.start();
      await client.call('key:login', { pin: DEMO_PIN });
      return client;
    },
    async file(dir, n, o = {}) {
      const client = await env.client(dir, { offline: true, ...o });
      const ids: string[] = [];
      const unitId = fx.unitId;
      for (let i = 0; i < n; i++) {
        const phone = client.store.units.get(unitId)?.phone ?? '';
        const item = (await client.call('requests:submit', {
          kind: 'change',
          payload: { target: 'unit', targetId: unitId, changes: [{ field: 'phone', from: phone, to: `0571-8${String(Date.now() % 1e6).padStart(6, '0')}${i}` }], reason: `办公电话变更 ${i + 1}` },
        })) as { id: string };
        ids.push(item.id);
      }
      await client.close();
      return ids;
    },
    async syncClient(dir, o = {}) {
      const store = openReplica(join(dir, 'replica.sqlite'));
      const key = await DemoKey.open({ dataDir: dir });
      await key.login(DEMO_PIN);
      const sync = new SyncClient({
        store,
        http: { baseUrl: o.url ?? fx.server.url, caPem: o.caPem ?? fx.server.caCertPem },
        sign: (d) => key.sign(d),
        certificatePem: () => key.certificatePem(),
        canSign: () => true,
        log: pino({ level: 'silent' }),
      });
      const bare: BareSync = {
        sync,
        store,
        count: (table) => countRows(join(dir, 'replica.sqlite'), table),
        async fileChange(unitId) {
          const content = {
            id: uuidv7(),
            kind: 'change' as const,
            unitId,
            payload: { target: 'unit', targetId: unitId, changes: [{ field: 'phone', from: store.units.get(unitId)?.phone ?? '', to: '0571-87654321' }], reason: '办公电话变更' },
            createdAt: new Date().toISOString(),
          };
          store.outbox.enqueue({ requestId: content.id, body: content, signature: await key.sign(new TextEncoder().encode(canonicalJson(content))) });
          return content.id;
        },
        close: () => {
          sync.stopSchedule();
          store.close();
        },
      };
      bares.push(bare);
      return bare;
    },
    async visible(unitId) {
      const q = async (sql: string) => Number((await db.db.query<{ n: number }>(sql, [unitId])).rows[0]!.n);
      const scope = `SELECT id FROM units WHERE id = $1 OR supervisor_unit_id = $1`;
      return {
        staff: await q(`SELECT count(*)::int AS n FROM changes WHERE entity = 'staff' AND data IS NOT NULL AND unit_id IN (${scope})`),
        requests: await q(`SELECT count(*)::int AS n FROM requests WHERE unit_id IN (${scope})`),
        units: await q(`SELECT count(*)::int AS n FROM changes WHERE entity = 'unit' AND data IS NOT NULL AND unit_id IN (${scope})`),
      };
    },
    async close() {
      for (const c of clients) await c.close().catch(() => undefined);
      for (const b of bares) b.close();
      await stop().catch(() => undefined);
      rmSync(fx.dir, { recursive: true, force: true });
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
      await db.drop();
    },
  };
  return env;
}
