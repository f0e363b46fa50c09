/**
 * Electron main: thin. It hardens the app (security.ts), hosts the client services (the same
 * `createClient` browser mode uses) and wires them to one window over IPC. The embedded server and
 * demo data are the launcher's business (`ebz start`), passed in through the environment.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron';
import pino from 'pino';
import { createClient, type Client } from '../client/client-api';
import type { KeySource } from '../client/key-gate';
import { DemoKeySource, SlotKeySource } from '../client/key-sources';
import { PRINT_ASSET_PREFIX } from '../client/print-port';
import { readAsset } from '../client/print/assets';
import { SOFTHSM2_MODULE } from '../native/pkcs11-module';
import { wireIpc } from './ipc';
import { createNativePrinter, PrintJobs } from './native-print';
import { APP_ENTRY, hardenContents, hardenSession, registerAppProtocol, registerAppScheme, windowOptions } from './security';

// Bundled (dist/electron/main.cjs) there is __dirname; run through tsx (development) there is import.meta.
const HERE = typeof __dirname !== 'undefined' ? __dirname : dirname(fileURLToPath(import.meta.url));
const DIST = HERE.endsWith(join('dist', 'electron')) ? resolve(HERE, '..') : resolve(HERE, '..', 'dist');

export interface MainOptions {
  rendererDir: string;
  preload: string;
  dataDir: string;
}

export function defaultOptions(): MainOptions {
  return {
    rendererDir: process.env.EBZ_RENDERER_DIR ?? join(DIST, 'renderer'),
    preload: process.env.EBZ_PRELOAD ?? join(DIST, 'electron', 'preload.cjs'),
    dataDir: process.env.EBZ_DATA ?? app.getPath('userData'),
  };
}

function keySource(dataDir: string, log: pino.Logger): KeySource {
  if (process.env.EBZ_KEY === 'token') return new SlotKeySource(process.env.EBZ_PKCS11_MODULE ?? SOFTHSM2_MODULE, log);
  return new DemoKeySource(dataDir, log);
}

export async function startMain(o: MainOptions = defaultOptions()): Promise<{ client: Client; window: BrowserWindow }> {
  const log = pino({ name: 'ebz-electron', level: process.env.EBZ_LOG_LEVEL ?? 'info' });
  registerAppScheme(protocol);
  app.on('web-contents-created', (_e, contents) => hardenContents(contents));
  await app.whenReady();
  hardenSession(session.defaultSession);
  const jobs = new PrintJobs();
  registerAppProtocol(protocol, o.rendererDir, [{ prefix: PRINT_ASSET_PREFIX, read: readAsset }, jobs.asset]);
  let window: BrowserWindow | null = null;

  const serverUrl = process.env.EBZ_SERVER_URL;
  const client = createClient({
    dataDir: o.dataDir,
    mode: 'electron',
    keySource: keySource(o.dataDir, log),
    server: serverUrl ? { url: serverUrl, caPem: process.env.EBZ_SERVER_CA || null } : null,
    demo: process.env.EBZ_KEY !== 'token',
    version: app.getVersion(),
    log,
    nativePrint: createNativePrinter({ jobs, parent: () => window }),
  });
  await client.start();

  const win = new BrowserWindow(windowOptions(o.preload));
  window = win;
  const unwire = wireIpc(ipcMain, client, () => (win.isDestroyed() ? null : win.webContents));
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    unwire();
    void client.close().finally(() => app.quit());
  });
  await win.loadURL(APP_ENTRY);
  return { client, window: win };
}
