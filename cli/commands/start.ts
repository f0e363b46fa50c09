/**
 * `ebz start` (what `npm start` runs): the desktop client. With the Electron binary installed it
 * opens the Electron window; without it (our build machines) it runs browser mode — the same
 * services behind a local web page — and prints the address with its one-time token.
 * By default it also starts the embedded bianban server (PGlite) with a demo province imported and
 * the demo key (演示密钥, PIN 123456) issued by that server's CA, so a fresh machine has a working app.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import pino, { type Logger } from 'pino';
import { startBrowserHost, type BrowserHost } from '../../client/browser-host';
import { createClient, todayOf, type Client } from '../../client/client-api';
import { seedReplica, demoUnit } from '../../client/demo-replica';
import type { KeySource } from '../../client/key-gate';
import { DemoKeySource, fileHidEnumerator, HidKeySource, SlotKeySource } from '../../client/key-sources';
import { PRINT_ASSET_PREFIX } from '../../client/print-port';
import { ensureRenderer, RENDERER_DIR } from '../../client/renderer-files';
import { readAsset } from '../../client/print/assets';
import { generateSlice, type SeedFile } from '../../domain/demo/seed';
import { DEMO_PIN } from '../../native/demo-key';
import type { KeyRole } from '../../native/key-types';
import { loadKnownKeys } from '../../native/known-keys';
import { SOFTHSM2_MODULE } from '../../native/pkcs11-module';
import { issueCertificate } from '../../server/ca/certificate-service';
import { importRecords } from '../../server/import/import-seed';
import { startServer, type RunningServer } from '../../server/main';

export const summary = '启动桌面客户端（无 Electron 时为浏览器模式），默认带内嵌编办服务器、演示数据和演示密钥';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export { RENDERER_DIR, ensureRenderer };

const HELP = `用法：ebz start [选项]
  --data DIR          数据目录（默认 ~/.ebz）：client/ 为客户端本地库，server/ 为内嵌服务器
  --port N            浏览器模式的本机端口（默认随机）
  --browser           即使装有 Electron 也使用浏览器模式
  --offline           不启动服务器：直接把演示数据写入本地库（完全离线演示）
  --server URL        连接已有的编办服务器（https://…），不启动内嵌服务器
  --ca FILE           与 --server 一起：编办 CA 证书（PEM），用于校验服务器身份
  --key demo|token    演示密钥（默认）或 PKCS#11 密钥
  --module PATH       PKCS#11 驱动（--key token 时；默认 SoftHSM2）
  --virtual-hid FILE  从文件读取 USB 设备列表（测试、演示插拔密钥）；需要 --known-keys 或 EBZ_KNOWN_KEYS
  --known-keys FILE   密钥登记表（HID 厂商/产品号 → PKCS#11 驱动）
  --units N --staff N 演示数据规模（默认 60 个单位、6000 人；仅首次生成时有效）`;

export interface StackOptions {
  dataDir: string;
  port?: number;
  offline?: boolean;
  serverUrl?: string;
  caPem?: string;
  key?: 'demo' | 'token';
  modulePath?: string;
  virtualHid?: string;
  knownKeys?: string;
  units?: number;
  staff?: number;
  log?: Logger;
  mode?: 'browser' | 'electron';
  /** Start the browser host (false: Electron hosts the services itself). */
  host?: boolean;
  /** Browser mode: called each time a one-time launch URL is spent. */
  onLaunched?: () => void;
}

export interface Stack {
  server: RunningServer | null;
  client: Client | null;
  host: BrowserHost | null;
  demoUnitId: string | null;
  close(): Promise<void>;
}

/**
 * Issues a certificate from the server's CA for `publicKeySpki` through the server's own issuing path
 * (key profile, binding, audit entry, sync change). For demo and test provisioning only.
 */
export async function issueFromServerCa(
  server: RunningServer,
  p: { publicKeySpki: Uint8Array; role: KeyRole; unitId?: string; bianbanId?: string; holderName: string; demo?: boolean },
): Promise<string> {
  const binding = await issueCertificate(server.deps, 'bootstrap', { ...p, demo: p.demo === true });
  return binding.pem;
}

/** Writes demo-key files (PKCS#8 under the demo PIN + certificate) where native's DemoKey reads them. */
export async function provisionDemoKey(
  server: RunningServer,
  dir: string,
  p: { role: KeyRole; unitId?: string; bianbanId?: string; holderName: string },
): Promise<{ certificatePem: string; keyPem: string }> {
  const keyDir = join(dir, 'demo-key');
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  const certificatePem = await issueFromServerCa(server, { ...p, publicKeySpki: spki, demo: true });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: DEMO_PIN }) as string;
  writeFileSync(join(keyDir, `${p.role}-key.pem`), keyPem, { mode: 0o600 });
  writeFileSync(join(keyDir, `${p.role}-cert.pem`), certificatePem);
  return { certificatePem, keyPem };
}

function sliceFor(o: StackOptions): SeedFile {
  return generateSlice({ units: o.units ?? 60, staff: o.staff ?? 6000, seed: 20250101, asOf: todayOf(new Date()) });
}

/** Server, demo data, key and client — what `ebz start` runs, and what the end-to-end tests start. */
export async function startStack(o: StackOptions): Promise<Stack> {
  const log = o.log ?? pino({ name: 'ebz-start', level: process.env.EBZ_LOG_LEVEL ?? 'warn' });
  const clientDir = join(o.dataDir, 'client');
  const serverDir = join(o.dataDir, 'server');
  mkdirSync(clientDir, { recursive: true });
  let server: RunningServer | null = null;
  let demoUnitId: string | null = null;
  const marker = join(o.dataDir, 'demo.json');
  const demoState = existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as { unitId: string; serverCa?: string; offline?: boolean }) : null;

  if (!o.offline && !o.serverUrl) {
    server = await startServer({ host: '127.0.0.1', port: 0, dataDir: serverDir, logger: log.child({ component: 'server' }), expiryIntervalMs: 0 });
    demoUnitId = demoState?.unitId ?? null;
    if (!demoState || demoState.offline) {
      const slice = sliceFor(o);
      demoUnitId = demoUnit(slice);
      // The slice plants a few impossible rows (one person enrolled twice) for the alarm rules; the server refuses them.
      await importRecords(server.deps.db, slice, { today: todayOf(new Date()), actor: 'bootstrap', skipBad: true });
    }
    if (o.key !== 'token' && (!demoState || demoState.serverCa !== server.caCertPem || !existsSync(join(clientDir, 'demo-key', 'unit-cert.pem')))) {
      await provisionDemoKey(server, clientDir, { role: 'unit', unitId: demoUnitId!, holderName: '演示单位经办人' });
    }
    writeFileSync(marker, JSON.stringify({ unitId: demoUnitId, serverCa: server.caCertPem }));
  }

  let keySource: KeySource;
  if (o.key === 'token') {
    if (o.virtualHid) {
      const registry = loadKnownKeys(o.knownKeys ?? process.env.EBZ_KNOWN_KEYS);
      const hid = new HidKeySource({ registry, enumerate: fileHidEnumerator(o.virtualHid), log: log.child({ component: 'hid' }) });
      await hid.ready();
      keySource = hid;
    } else {
      const slots = new SlotKeySource(o.modulePath ?? SOFTHSM2_MODULE, log.child({ component: 'slots' }));
      await slots.ready();
      keySource = slots;
    }
  } else {
    keySource = new DemoKeySource(clientDir, log.child({ component: 'demo-key' }));
  }

  if (o.host === false) {
    return { server, client: null, host: null, demoUnitId, close: async () => void (await server?.close()) };
  }

  const client = createClient({
    dataDir: clientDir,
    mode: o.mode ?? 'browser',
    keySource,
    server: server ? { url: server.url, caPem: server.caCertPem } : o.serverUrl ? { url: o.serverUrl, caPem: o.caPem ?? null } : null,
    demo: o.key !== 'token',
    log: log.child({ component: 'client' }),
  });
  if (o.offline && o.key !== 'token' && client.store.units.listAll().length === 0) {
    // Fully offline demo: the demo key's own certificate names 演示单位's credit code; give it to a unit.
    const slice = sliceFor(o);
    demoUnitId = demoUnit(slice);
    const { DemoKey } = await import('../../native/demo-key');
    const id = await (await DemoKey.open({ dataDir: clientDir })).getIdentity();
    const unit = slice.units.find((u) => u.id === demoUnitId)!;
    unit.creditCode = id.creditCode;
    seedReplica(client.store, slice);
    writeFileSync(marker, JSON.stringify({ unitId: demoUnitId, offline: true }));
  }
  await client.start();
  await ensureRenderer(log);
  const host = await startBrowserHost({
    client,
    rendererDir: RENDERER_DIR,
    port: o.port,
    log,
    assets: [{ prefix: PRINT_ASSET_PREFIX, read: readAsset }],
    onLaunched: o.onLaunched,
  });
  return {
    server,
    client,
    host,
    demoUnitId,
    async close() {
      await host.close();
      await client.close();
      await server?.close();
    },
  };
}

/** The Electron binary when the electron package could download it; null on our build machines. */
export function electronBinary(): string | null {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      browser: { type: 'boolean' },
      offline: { type: 'boolean' },
      server: { type: 'string' },
      ca: { type: 'string' },
      key: { type: 'string' },
      module: { type: 'string' },
      'virtual-hid': { type: 'string' },
      'known-keys': { type: 'string' },
      units: { type: 'string' },
      staff: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.key && values.key !== 'demo' && values.key !== 'token') {
    process.stderr.write(`--key：只能是 demo（演示密钥）或 token（PKCS#11 密钥），收到“${values.key}”\n`);
    return 2;
  }
  if (values.server && !/^https:\/\//.test(values.server)) {
    process.stderr.write('--server：编办服务器地址必须以 https:// 开头\n');
    return 2;
  }
  const num = (v: string | undefined, name: string): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name}：“${v}”不是有效的非负整数`);
    return n;
  };
  const opts: StackOptions = {
    dataDir: resolve(values.data ?? process.env.EBZ_HOME ?? join(homedir(), '.ebz')),
    port: num(values.port, '--port'),
    offline: values.offline,
    serverUrl: values.server,
    caPem: values.ca ? readFileSync(values.ca, 'utf8') : undefined,
    key: (values.key as 'demo' | 'token' | undefined) ?? 'demo',
    modulePath: values.module,
    virtualHid: values['virtual-hid'],
    knownKeys: values['known-keys'],
    units: num(values.units, '--units'),
    staff: num(values.staff, '--staff'),
  };

  const electron = values.browser ? null : electronBinary();
  const t0 = Date.now();
  if (electron) return runElectron(electron, opts);

  // Each launch URL opens one window once: after it is spent, print a fresh one for the next window.
  const stack = await startStack({
    ...opts,
    onLaunched: () => process.stdout.write(`  启动地址已用于打开窗口（刷新该窗口不受影响）。如需再打开一个窗口，请用新地址：${stack.host!.launchUrl()}\n`),
  });
  const host = stack.host!;
  process.stdout.write(
    [
      '',
      '电子编制管理证 已启动（browser mode，浏览器模式：本机未安装 Electron 程序）',
      `  请用浏览器打开：${host.url}`,
      '  （该地址只能打开一次；打开后刷新页面不受影响）',
      stack.server ? `  内嵌编办服务器：${stack.server.url}（演示数据）` : opts.serverUrl ? `  编办服务器：${opts.serverUrl}` : '  离线模式：不连接编办服务器',
      opts.key === 'token' ? '  密钥：PKCS#11 USB 密钥' : `  密钥：演示密钥，PIN 码 ${DEMO_PIN}`,
      `  数据目录：${opts.dataDir}`,
      `  启动用时 ${Date.now() - t0} ms；按 Ctrl+C 退出`,
      '',
    ].join('\n'),
  );
  return new Promise<number>((done) => {
    const stop = () => {
      void stack.close().then(
        () => done(0),
        () => done(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** Electron hosts the client services itself; this process keeps the embedded server for it. */
async function runElectron(binary: string, opts: StackOptions): Promise<number> {
  const stack = await startStack({ ...opts, host: false, mode: 'electron' });
  await ensureRenderer();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EBZ_DATA: join(opts.dataDir, 'client'),
    EBZ_KEY: opts.key ?? 'demo',
    ...(opts.modulePath ? { EBZ_PKCS11_MODULE: opts.modulePath } : {}),
    ...(stack.server ? { EBZ_SERVER_URL: stack.server.url, EBZ_SERVER_CA: stack.server.caCertPem } : {}),
    ...(opts.serverUrl ? { EBZ_SERVER_URL: opts.serverUrl, EBZ_SERVER_CA: opts.caPem ?? '' } : {}),
  };
  const child = spawn(binary, [join(ROOT, 'electron', 'dev-main.mjs')], { stdio: 'inherit', env });
  return new Promise<number>((done) => {
    child.on('exit', (code) => {
      void stack.close().then(() => done(code ?? 0));
    });
  });
}
