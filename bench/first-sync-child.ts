/**
 * The client side of the first-sync figure, in its own process so its peak RSS is the client's alone
 * and it does not share an event loop with the server (as on a real desktop). Started by
 * bench/sync-client.bench.ts with `node --import tsx`; argv[2] is a JSON { dir, url, caPem }. Prints one
 * JSON line: { ms, pages, total, peakRssMb }.
 */
import { join } from 'node:path';
import pino from 'pino';
import { SyncClient } from '../client/sync-client';
import { openReplica } from '../db/index';
import { DEMO_PIN, DemoKey } from '../native/demo-key';

const { dir, url, caPem } = JSON.parse(process.argv[2] ?? '{}') as { dir: string; url: string; caPem: string };
const store = openReplica(join(dir, 'replica.sqlite'));
const key = await DemoKey.open({ dataDir: dir });
await key.login(DEMO_PIN);
const sync = new SyncClient({ store, http: { baseUrl: url, caPem }, sign: (d) => key.sign(d), certificatePem: () => key.certificatePem(), canSign: () => true, log: pino({ level: 'silent' }) });
let pages = 0;
sync.on('progress', (p) => void (p.phase === 'snapshot' && pages++));
const t0 = performance.now();
await sync.syncNow();
const ms = performance.now() - t0;
const total = sync.status().snapshot.total;
store.close();
process.stdout.write(`${JSON.stringify({ ms, pages, total, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
