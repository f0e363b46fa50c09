/**
 * A desktop client in its own process, for the crash tests: opens the client folder, logs in with the
 * folder's demo key, runs one sync round against the server and prints its status as JSON. With
 * EBZ_SYNC_CRASH_AT set it kills itself with SIGKILL at that point (client/sync/crash-points.ts).
 * Env: EBZ_CHILD_DIR, EBZ_CHILD_URL, EBZ_CHILD_CA (PEM), EBZ_CHILD_PAGE_SIZE.
 */
import pino from 'pino';
import { createClient } from '../../../client/client-api';
import { DemoKeySource } from '../../../client/key-sources';
import { DEMO_PIN } from '../../../native/demo-key';

const dir = process.env.EBZ_CHILD_DIR!;
const client = createClient({
  dataDir: dir,
  mode: 'browser',
  keySource: new DemoKeySource(dir),
  server: { url: process.env.EBZ_CHILD_URL!, caPem: process.env.EBZ_CHILD_CA! },
  syncIntervalMs: 0,
  print: false,
  log: pino({ level: 'silent' }),
});
if (process.env.EBZ_CHILD_PAGE_SIZE) client.sync.tune({ pageSize: Number(process.env.EBZ_CHILD_PAGE_SIZE) });
await client.start();
await client.call('key:login', { pin: DEMO_PIN });
try {
  const st = await client.call('sync:now', {});
  process.stdout.write(JSON.stringify(st));
  await client.close();
  process.exit(0);
} catch (e) {
  process.stderr.write(String(e instanceof Error ? e.message : e));
  await client.close();
  process.exit(2);
}
