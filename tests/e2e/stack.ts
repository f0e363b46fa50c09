/**
 * The end-to-end stack, run as its own process (`tsx tests/e2e/stack.ts STATE_FILE`) by the Playwright
 * global setup: a real bianban server (HTTPS, its own CA) on a throwaway PostgreSQL 15 cluster (or the URL in
 * EBZ_E2E_DATABASE_URL; EBZ_E2E_PGLITE=1 for the embedded database) with a demo province, a SoftHSM2 token initialised and issued a unit
 * certificate by that CA, a virtual HID device list the tests edit to plug and pull the key, the
 * client in browser mode — and a small control endpoint through which a reviewer (with a key of his
 * own) decides requests over the server's API.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const stateFile = process.argv[2] ?? join(tmpdir(), 'ebz-e2e-state.json');
const work = mkdtempSync(join(tmpdir(), 'ebz-e2e-'));

// SoftHSM2 reads its configuration once, when the module is first loaded: set it before any import of native/.
const env = execFileSync('bash', [join(ROOT, 'scripts', 'softhsm-token.sh'), '--dir', join(work, 'softhsm')], { encoding: 'utf8' });
for (const m of env.matchAll(/^export (\w+)=(.*)$/gm)) process.env[m[1]!] = m[2]!.replace(/^'(.*)'$/, '$1');

const { todayOf, createClient } = await import('../../client/client-api');
const { startBrowserHost } = await import('../../client/browser-host');
const { HidKeySource, fileHidEnumerator } = await import('../../client/key-sources');
const { parseKnownKeys } = await import('../../native/known-keys');
const { loadPkcs11Module, SOFTHSM2_MODULE } = await import('../../native/pkcs11-module');
const { initToken } = await import('../../native/token-admin');
const { Pkcs11Token } = await import('../../native/pkcs11-token');
const { issueFromServerCa, ensureRenderer, RENDERER_DIR } = await import('../../cli/commands/start');
const { serverFixture } = await import('../client/server-fixture');
const { ledgerSummary, total } = await import('../../domain/ledger');
const { ledgerInput } = await import('../../server/repositories/record-repository');

const TODAY = todayOf(new Date());
const PIN = '24681357';
const log = pino({ level: process.env.EBZ_LOG_LEVEL ?? 'warn' });

// The server runs on a real PostgreSQL 15 cluster started for this run (as in production), unless a URL is
// given, or EBZ_E2E_PGLITE=1 asks for the embedded database.
const { startCluster } = await import('../../server/testing/pg-cluster');
const cluster = process.env.EBZ_E2E_DATABASE_URL || process.env.EBZ_E2E_PGLITE === '1' ? null : await startCluster();
const databaseUrl = process.env.EBZ_E2E_DATABASE_URL || cluster?.adminUrl;
const s = await serverFixture({ units: 24, staff: 1500, today: TODAY, databaseUrl });

// The unit's key: a SoftHSM2 token, key pair generated on it, certificate from the server's CA written back.
const module = loadPkcs11Module(SOFTHSM2_MODULE);
initToken(module.api, { label: 'EBZ-E2E', soPin: '87654321', userPin: PIN });
const token = new Pkcs11Token({ module, slot: { label: 'EBZ-E2E' } });
await token.login(PIN);
const pair = await token.generateKeyPair({ label: '电子编制管理证' });
const pem = await issueFromServerCa(s.server, { publicKeySpki: pair.publicKeySpki, role: 'unit', unitId: s.unitId, holderName: '单位经办人' });
await token.writeCertificate(pem, { id: pair.id, label: '电子编制管理证' });
await token.logout();

// The virtual USB key: the registry knows its vendor/product id; the device list starts empty (not plugged).
const registry = parseKnownKeys({ version: 1, keys: [{ name: '测试密钥（SoftHSM2）', vendorId: '1d50', productId: 'e2e0', modules: { [process.platform]: SOFTHSM2_MODULE } }] });
const hidFile = join(work, 'hid.json');
writeFileSync(hidFile, '[]');

const clientDir = join(work, 'client');
mkdirSync(clientDir);
const client = createClient({
  dataDir: clientDir,
  mode: 'browser',
  keySource: new HidKeySource({ registry, enumerate: fileHidEnumerator(hidFile), intervalMs: 250, log, slot: { label: 'EBZ-E2E' } }),
  server: { url: s.server.url, caPem: s.server.caCertPem },
  syncIntervalMs: 0,
  log,
});
await client.start();
await ensureRenderer(log);
const host = await startBrowserHost({ client, rendererDir: RENDERER_DIR, log });
// The bianban's workstation: a reviewer key and a blank key on the same SoftHSM2, a second client (tests/e2e/reviewer-stack.ts).
const reviewer = await (await import('./reviewer-stack')).startReviewerStack({ s, work, log });

// What the home screen must show for the unit: the server's own records through the domain rules.
const own = ledgerSummary({ ...(await ledgerInput(s.server.deps.db, s.unitId)), today: TODAY });

const control = createServer((req, res) => {
  void (async () => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      // Each launch URL opens one window once: specs open the app through here and get a fresh one.
      if (req.method === 'GET' && (url.pathname === '/launch/unit' || url.pathname === '/launch/reviewer')) {
        res.writeHead(303, { location: url.pathname === '/launch/unit' ? host.launchUrl() : reviewer.launchUrl(), 'cache-control': 'no-store' });
        res.end();
        return;
      }
      if (req.method === 'POST' && url.pathname === '/approve-all') {
        const decided: string[] = [];
        for (const r of await s.reviewer.queue()) {
          await s.reviewer.decide(r.id, 'approve', '同意');
          decided.push(r.id);
        }
        res.end(JSON.stringify({ decided }));
        return;
      }
      res.statusCode = 404;
      res.end('{}');
    } catch (e) {
      res.statusCode = 500;
      res.end(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
    }
  })();
});
await new Promise<void>((ok) => control.listen(0, '127.0.0.1', () => ok()));

const controlUrl = `http://127.0.0.1:${(control.address() as { port: number }).port}`;
const state = {
  url: `${controlUrl}/launch/unit`,
  origin: host.origin,
  cookieName: host.cookieName,
  hidFile,
  hidDevice: [{ vendorId: '1d50', productId: 'e2e0', serialNumber: 'E2E-0001' }],
  pin: PIN,
  control: controlUrl,
  unitId: s.unitId,
  unitName: s.slice.units.find((u) => u.id === s.unitId)!.name,
  expected: { approved: total(own.approved), occupied: total(own.occupied), reserved: total(own.reserved), vacant: total(own.vacant) },
  today: TODAY,
  reviewer: { ...reviewer.state, url: `${controlUrl}/launch/reviewer` },
};
writeFileSync(stateFile, JSON.stringify(state, null, 2));
process.stdout.write('READY\n');

const stop = async () => {
  control.close();
  await reviewer.close();
  await host.close();
  await client.close();
  await token.close();
  await s.close();
  cluster?.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
