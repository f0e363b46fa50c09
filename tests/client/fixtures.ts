/** A client over a replica seeded from a small demo slice, with the demo key pointing at one unit. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createClient, type Client } from '../../client/client-api';
import { demoUnit, seedReplica } from '../../client/demo-replica';
import { DemoKeySource } from '../../client/key-sources';
import { generateSlice, type SeedFile } from '../../domain/demo/seed';
import { DemoKey } from '../../native/demo-key';

export const TODAY = '2026-03-16';

export interface Fixture {
  dir: string;
  client: Client;
  keys: DemoKeySource;
  slice: SeedFile;
  unitId: string;
  logs: string[];
  events: { event: string; payload: unknown; at: number }[];
  close(): Promise<void>;
}

export async function clientFixture(o: { units?: number; staff?: number } = {}): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'ebz-client-'));
  const slice = generateSlice({ units: o.units ?? 20, staff: o.staff ?? 800, seed: 11, asOf: TODAY });
  const unitId = demoUnit(slice);
  const identity = await (await DemoKey.open({ dataDir: dir })).getIdentity();
  slice.units.find((u) => u.id === unitId)!.creditCode = identity.creditCode;
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const log = pino({ level: 'debug' }, sink);
  const keys = new DemoKeySource(dir, log);
  const client = createClient({ dataDir: dir, mode: 'browser', keySource: keys, log, now: () => new Date(`${TODAY}T02:00:00Z`), syncIntervalMs: 0, print: false });
  seedReplica(client.store, slice);
  const events: Fixture['events'] = [];
  client.onEvent((event, payload) => events.push({ event, payload, at: Date.now() }));
  await client.start();
  return {
    dir,
    client,
    keys,
    slice,
    unitId,
    logs,
    events,
    async close() {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
