/**
 * Electron printing with the electron module substituted: printers come from getPrintersAsync, a job is
 * printed in a hidden sandboxed window from our own origin with the chosen printer, copies and silent
 * flag, save-as-PDF goes through printToPDF and a save dialog; and through the main process's IPC the
 * contract refuses malformed print requests before they reach the printer, and a print is logged (补打
 * the second time).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { startMain as StartMain } from '../../electron/main';

const h = vi.hoisted(() => ({
  handles: new Map<string, (...a: unknown[]) => unknown>(),
  windows: [] as unknown[],
  protocolHandlers: new Map<string, (r: { url: string }) => Promise<Response>>(),
  printers: [
    { name: 'HP_LaserJet_M403', displayName: 'HP LaserJet M403（人事科）', description: 'HP LaserJet', options: { 'is-default': 'true' } },
    { name: 'Kyocera_2040', displayName: '', description: '', options: {} },
  ],
  printCalls: [] as { options: Record<string, unknown>; html: string | null }[],
  printOutcome: { success: true, reason: '' },
  saveChoice: { canceled: false, filePath: '' as string | undefined },
  saveCalls: [] as unknown[],
  loadedHtml: [] as string[],
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  const { tmpdir } = await import('node:os');
  class FakeWebContents extends EventEmitter {
    mainFrame = { url: 'app://ebz/index.html', parent: null };
    html: string | null = null;
    send() {}
    isDestroyed() {
      return false;
    }
    setWindowOpenHandler() {}
    async getPrintersAsync() {
      return h.printers;
    }
    async executeJavaScript() {
      return true;
    }
    print(options: Record<string, unknown>, cb: (ok: boolean, reason: string) => void) {
      h.printCalls.push({ options, html: this.html });
      setTimeout(() => cb(h.printOutcome.success, h.printOutcome.reason), 1);
    }
    async printToPDF(options: Record<string, unknown>) {
      return Buffer.from(`%PDF-1.7 ${JSON.stringify(options)} ${this.html?.length ?? 0}`);
    }
  }
  class BrowserWindow extends EventEmitter {
    webContents = new FakeWebContents();
    destroyed = false;
    constructor(readonly options: unknown) {
      super();
      h.windows.push(this);
    }
    async loadURL(url: string) {
      this.webContents.mainFrame.url = url;
      // Load the document the way Chromium would: through our app:// protocol handler.
      const handler = h.protocolHandlers.get('app');
      if (handler && url.includes('/print-job/')) {
        const res = await handler({ url });
        if (res.status !== 200) throw new Error(`load failed ${res.status}`);
        this.webContents.html = await res.text();
        h.loadedHtml.push(this.webContents.html);
      }
    }
    isDestroyed() {
      return this.destroyed;
    }
    destroy() {
      this.destroyed = true;
    }
    show() {}
  }
  const app = Object.assign(new EventEmitter(), { whenReady: async () => undefined, getPath: () => tmpdir(), getVersion: () => '9.9.9', quit: () => undefined });
  const webRequest = { onBeforeRequest: () => undefined, onHeadersReceived: () => undefined };
  return {
    app,
    BrowserWindow,
    dialog: {
      showSaveDialog: async (...a: unknown[]) => {
        h.saveCalls.push(a);
        return h.saveChoice;
      },
    },
    ipcMain: { handle: (ch: string, fn: (...a: unknown[]) => unknown) => h.handles.set(ch, fn), removeHandler: (ch: string) => h.handles.delete(ch) },
    protocol: {
      registerSchemesAsPrivileged: () => undefined,
      handle: (scheme: string, fn: (r: { url: string }) => Promise<Response>) => h.protocolHandlers.set(scheme, fn),
    },
    session: { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined, setDevicePermissionHandler: () => undefined, webRequest } },
    contextBridge: { exposeInMainWorld: () => undefined },
    ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
  };
});

type Win = { options: { show?: boolean; webPreferences: Record<string, unknown> }; destroyed: boolean; webContents: { mainFrame: unknown } };
let started: Awaited<ReturnType<typeof StartMain>>;
let main: Win;
let dataDir: string;
const ipc = (channel: string, payload: unknown) => h.handles.get('ebz:call')!({ sender: main.webContents, senderFrame: main.webContents.mainFrame }, channel, payload) as Promise<{ ok: boolean; value?: never; error?: { code: string; message: string; field?: string } }>;

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'ebz-renderer-'));
  (await import('node:fs')).writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ebz</title>');
  dataDir = mkdtempSync(join(tmpdir(), 'ebz-electron-print-'));
  // The replica the main process opens: a demo slice whose unit carries the demo key's credit code.
  const { openReplica } = await import('../../db/index');
  const { demoUnit, seedReplica } = await import('../../client/demo-replica');
  const { generateSlice } = await import('../../domain/demo/seed');
  const { DemoKey } = await import('../../native/demo-key');
  const slice = generateSlice({ units: 20, staff: 800, seed: 11, asOf: '2026-03-16' });
  const identity = await (await DemoKey.open({ dataDir })).getIdentity();
  // A unit holding an issued slip, so a numbered form can be printed twice (补打).
  const unitId = slice.slips[0]?.unitId ?? demoUnit(slice);
  slice.units.find((u) => u.id === unitId)!.creditCode = identity.creditCode;
  const store = openReplica(join(dataDir, 'replica.sqlite'));
  seedReplica(store, slice);
  store.close();
  const { startMain } = await import('../../electron/main');
  started = await startMain({ rendererDir, preload: '/x/preload.cjs', dataDir });
  main = h.windows[0] as Win;
});
afterAll(async () => started?.client.close());
beforeEach(() => {
  h.printCalls.length = 0;
  h.saveCalls.length = 0;
  h.printOutcome = { success: true, reason: '' };
});

describe('Electron printing (electron substituted)', () => {
  it('needs the key, like every data channel', async () => {
    expect(await ipc('print:printers', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await ipc('key:login', { pin: '123456' })).toMatchObject({ ok: true });
  });

  it('lists the system printers, marking the default', async () => {
    const r = await ipc('print:printers', {});
    expect(r).toEqual({
      ok: true,
      value: {
        native: true,
        printers: [
          { name: 'HP_LaserJet_M403', displayName: 'HP LaserJet M403（人事科）', description: 'HP LaserJet', isDefault: true },
          { name: 'Kyocera_2040', displayName: 'Kyocera_2040', description: '', isDefault: false },
        ],
      },
    });
  });

  it('prints the form to the chosen printer with copies, silently, from a hidden sandboxed window on app://ebz, and logs it; the second time as 补打', async () => {
    const before = h.windows.length;
    const r = await ipc('print:toPrinter', { formKind: 'registrationSheet', number: null, deviceName: 'Kyocera_2040', copies: 3, silent: true });
    expect(r).toMatchObject({ ok: true, value: { formKind: 'registrationSheet', copies: 3, reprint: false } });
    expect(h.printCalls).toHaveLength(1);
    expect(h.printCalls[0]!.options).toMatchObject({ silent: true, deviceName: 'Kyocera_2040', copies: 3, printBackground: true });
    // The printed document is the form, with its fonts from our origin, not the internal print origin.
    expect(h.printCalls[0]!.html).toContain('机构编制实名制信息登记表');
    expect(h.printCalls[0]!.html).toContain('/print-assets/');
    expect(h.printCalls[0]!.html).not.toContain('ebz-print.invalid');
    const job = h.windows[before] as Win;
    expect(job.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
    expect(job.options.webPreferences.preload).toBeUndefined();
    expect(job.destroyed).toBe(true);
    // The job's page is gone once printed.
    const jobUrl = (job.webContents.mainFrame as { url: string }).url;
    expect(jobUrl).toMatch(/^app:\/\/ebz\/print-job\/[0-9a-f-]+\.html$/);
    expect((await h.protocolHandlers.get('app')!({ url: jobUrl })).status).toBe(404);

    const notices = (await ipc('print:list', {})).value as unknown as { formKind: string; number: string | null }[];
    const notice = notices.find((n) => n.number !== null)!;
    expect(notice).toBeDefined();
    {
      await ipc('print:toPrinter', { formKind: notice.formKind, number: notice.number, deviceName: null, copies: 1, silent: false });
      const again = await ipc('print:toPrinter', { formKind: notice.formKind, number: notice.number, deviceName: null, copies: 1, silent: false });
      expect(again).toMatchObject({ ok: true, value: { reprint: true } });
      expect(h.printCalls.at(-1)!.options.deviceName).toBeUndefined();
      expect(h.printCalls.at(-1)!.html).toMatch(/补打\s*\d{4}年\d{1,2}月\d{1,2}日/);
    }
  });

  it('refuses malformed requests at the contract and unknown printers before printing', async () => {
    for (const bad of [
      { formKind: 'registrationSheet', number: null, deviceName: null, copies: 0, silent: true },
      { formKind: 'registrationSheet', number: null, deviceName: null, copies: 2 },
      { formKind: 'registrationSheet', number: null, deviceName: null, copies: 2, silent: 'yes' },
      { formKind: 'passport', number: null, deviceName: null, copies: 1, silent: true },
      { formKind: 'registrationSheet', number: null, deviceName: null, copies: 1, silent: true, html: '<script>' },
    ]) {
      expect(await ipc('print:toPrinter', bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'BAD_MESSAGE' } });
    }
    const unknown = await ipc('print:toPrinter', { formKind: 'registrationSheet', number: null, deviceName: '\\\\evil\\printer', copies: 1, silent: true });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'deviceName' } });
    expect(h.printCalls).toEqual([]);
  });

  it('a cancelled or failed print is reported and not logged', async () => {
    const logBefore = ((await ipc('print:log', {})).value as unknown as unknown[]).length;
    h.printOutcome = { success: false, reason: 'cancelled' };
    expect(await ipc('print:toPrinter', { formKind: 'publicityNotice', number: null, deviceName: null, copies: 1, silent: false })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/已取消打印/) } });
    h.printOutcome = { success: false, reason: 'Print job failed' };
    expect(await ipc('print:toPrinter', { formKind: 'publicityNotice', number: null, deviceName: null, copies: 1, silent: true })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/打印失败/) } });
    expect(((await ipc('print:log', {})).value as unknown as unknown[]).length).toBe(logBefore);
  });

  it('saves as PDF through the save dialog; a cancelled dialog writes nothing', async () => {
    const target = join(dataDir, '登记表');
    h.saveChoice = { canceled: false, filePath: target };
    const r = await ipc('print:savePdf', { formKind: 'certificateExtract', number: null });
    expect(r).toEqual({ ok: true, value: { saved: true, path: `${target}.pdf` } });
    const pdf = readFileSync(`${target}.pdf`, 'utf8');
    expect(pdf).toMatch(/^%PDF-/);
    expect(pdf).toContain('"preferCSSPageSize":true');
    const [parent, opts] = h.saveCalls[0] as [unknown, { defaultPath: string; filters: { extensions: string[] }[] }];
    expect(parent).toBe(main);
    expect(opts.defaultPath).toMatch(/机构编制管理证.*\.pdf$/);
    expect(opts.filters[0]!.extensions).toEqual(['pdf']);

    h.saveChoice = { canceled: true, filePath: undefined };
    expect(await ipc('print:savePdf', { formKind: 'certificateExtract', number: null })).toEqual({ ok: true, value: { saved: false, path: null } });
  });
});
