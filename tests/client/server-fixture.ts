/**
 * A real bianban server (embedded PGlite, its own CA, HTTPS on loopback) with a small demo province,
 * a unit key issued by its CA, and a reviewer who decides requests through the HTTP API — for the
 * sync tests and the end-to-end tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { demoUnit } from '../../client/demo-replica';
import { ServerConnection, type HttpOptions } from '../../client/connection';
import { provisionDemoKey } from '../../cli/commands/start';
import { generateSlice, type SeedFile } from '../../domain/demo/seed';
import { DemoKey, DEMO_PIN } from '../../native/demo-key';
import { importRecords } from '../../server/import/import-seed';
import { startServer, type RunningServer } from '../../server/main';

export interface ServerFixture {
  dir: string;
  server: RunningServer;
  http: HttpOptions;
  slice: SeedFile;
  unitId: string;
  /** Writes the unit's demo key (issued by this server's CA) into `clientDir`. */
  provisionUnitKey(clientDir: string): Promise<void>;
  reviewer: Reviewer;
  close(): Promise<void>;
}

export interface Reviewer {
  decide(requestId: string, outcome: 'approve' | 'return' | 'reject', comment: string): Promise<{ state: string }>;
  queue(): Promise<{ id: string; state: string; kind: string }[]>;
}

/** `today` is the server's business date and the date the demo slice describes. */
export async function serverFixture(o: { units?: number; staff?: number; today: string; databaseUrl?: string }): Promise<ServerFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'ebz-server-'));
  const server = await startServer({ host: '127.0.0.1', port: 0, dataDir: join(dir, 'server'), databaseUrl: o.databaseUrl, logger: pino({ level: process.env.EBZ_SERVER_LOG_LEVEL ?? 'silent' }), expiryIntervalMs: 0 });
  const slice = generateSlice({ units: o.units ?? 20, staff: o.staff ?? 800, seed: 11, asOf: o.today });
  const unitId = demoUnit(slice);
  await importRecords(server.deps.db, slice, { today: o.today, actor: 'bootstrap', skipBad: true });
  const http: HttpOptions = { baseUrl: server.url, caPem: server.caCertPem };
  const unit = slice.units.find((u) => u.id === unitId)!;

  const reviewerDir = join(dir, 'reviewer');
  await provisionDemoKey(server, reviewerDir, { role: 'reviewer', bianbanId: unit.bianbanId, holderName: '编办审核员' });
  const key = await DemoKey.open({ dataDir: reviewerDir, role: 'reviewer' });
  await key.login(DEMO_PIN);
  const reviewerConnection = new ServerConnection({ http, sign: (data) => key.sign(data), certificatePem: () => key.certificatePem() });

  return {
    dir,
    server,
    http,
    slice,
    unitId,
    provisionUnitKey: async (clientDir) => void (await provisionDemoKey(server, clientDir, { role: 'unit', unitId, holderName: '单位经办人' })),
    reviewer: {
      async decide(requestId, outcome, comment) {
        const r = await reviewerConnection.call('requestDecision', { params: { id: requestId }, body: { outcome, comment } });
        return r.request;
      },
      async queue() {
        const r = await reviewerConnection.call('reviewQueue', {});
        return r.items;
      },
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
