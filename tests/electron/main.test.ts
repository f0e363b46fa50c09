/**
 * The main process with the electron module substituted: the window it opens is hardened, the page
 * comes from app://ebz, and IPC answers only our page with contract-checked payloads.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { startMain as StartMain } from '../../electron/main';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const h = vi.hoisted(() => {
  const handles = new Map<string, (...a: unknown[]) => unknown>();
  const windows: unknown[] = [];
  return { handles, windows, protocolHandlers: new Map<string, (r: { url: string }) => Promise<Response>>(), schemes: [] as unknown[], exposed: new Map<string, unknown>() };
});

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  const { tmpdir } = await import('node:os');
  class FakeWebContents extends EventEmitter {
    mainFrame = { url: 'app://ebz/index.html', parent: null };
    sent: unknown[][] = [];
    send(...a: unknown[]) {
      this.sent.push(a);
    }
    isDestroyed() {
      return false;
    }
    setWindowOpenHandler() {}
  }
  class BrowserWindow extends EventEmitter {
    webContents = new FakeWebContents();
    loaded: string | null = null;
    constructor(readonly options: unknown) {
      super();
      h.windows.push(this);
    }
    async loadURL(url: string) {
      this.loaded = url;
      this.webContents.mainFrame.url = url;
    }
    isDestroyed() {
      return false;
    }
    show() {}
  }
  const app = Object.assign(new EventEmitter(), { whenReady: async () => undefined, getPath: () => tmpdir(), getVersion: () => '9.9.9', quit: () => undefined });
  const webRequest = { onBeforeRequest: () => undefined, onHeadersReceived: () => undefined };
  return {
    app,
    BrowserWindow,
    ipcMain: { handle: (ch: string, fn: (...a: unknown[]) => unknown) => h.handles.set(ch, fn), removeHandler: (ch: string) => h.handles.delete(ch) },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => h.schemes.push(...s),
      handle: (scheme: string, fn: (r: { url: string }) => Promise<Response>) => h.protocolHandlers.set(scheme, fn),
    },
    session: { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined, setDevicePermissionHandler: () => undefined, webRequest } },
    contextBridge: { exposeInMainWorld: (k: string, v: unknown) => h.exposed.set(k, v) },
    ipcRenderer: { invoke: vi.fn(async () => ({ ok: true, value: 'x' })), on: vi.fn(), removeListener: vi.fn() },
  };
});

let started: Awaited<ReturnType<typeof StartMain>>;

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'ebz-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ebz</title>');
  const { startMain } = await import('../../electron/main');
  started = await startMain({ rendererDir, preload: '/x/preload.cjs', dataDir: mkdtempSync(join(tmpdir(), 'ebz-electron-data-')) });
});
afterAll(async () => started?.client.close());

describe('electron main (electron substituted)', () => {
  it('registers app:// as a standard secure scheme and loads the page from it', async () => {
    expect(h.schemes).toContainEqual(expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }));
    const win = h.windows[0] as { loaded: string; options: { webPreferences: Record<string, unknown> } };
    expect(win.loaded).toBe('app://ebz/index.html');
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: '/x/preload.cjs' });
    const res = await h.protocolHandlers.get('app')!({ url: 'app://ebz/index.html' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('answers IPC from our page, checked against the contract, and refuses any other sender', async () => {
    const win = h.windows[0] as { webContents: { mainFrame: unknown } };
    const call = h.handles.get('ebz:call')!;
    const ours = { sender: win.webContents, senderFrame: win.webContents.mainFrame };
    expect(await call(ours, 'key:status', {})).toMatchObject({ ok: true, value: { kind: 'demo', displayName: '演示密钥' } });
    expect(await call(ours, 'key:login', { pin: 123456 })).toMatchObject({ ok: false, error: { code: 'BAD_MESSAGE' } });
    expect(await call(ours, 'home:summary', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await call(ours, 'fs:read', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    const stranger = { sender: win.webContents, senderFrame: { url: 'https://evil.example/', parent: null } };
    expect(await call(stranger, 'key:status', {})).toMatchObject({ ok: false, error: { code: 'BAD_MESSAGE' } });
    const otherWindow = { sender: {}, senderFrame: win.webContents.mainFrame };
    expect(await call(otherWindow, 'key:status', {})).toMatchObject({ ok: false });
  });

  it('preload exposes exactly two named methods', async () => {
    await import('../../electron/preload');
    const bridge = h.exposed.get('ebz') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onEvent']);
    expect(typeof bridge.call).toBe('function');
  });
});
