import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY,
  appResponse,
  CONTENT_SECURITY_POLICY,
  hardenContents,
  hardenSession,
  isTrustedSender,
  resolveAppPath,
  windowOptions,
} from '../../electron/security';

function renderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ebz-app-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(dir, 'assets', 'a.js'), '1');
  writeFileSync(join(tmpdir(), 'ebz-outside.txt'), 'outside');
  symlinkSync(join(tmpdir(), 'ebz-outside.txt'), join(dir, 'assets', 'link.txt'));
  return dir;
}

describe('app:// protocol', () => {
  const root = renderer();

  it('maps app://ebz paths into the renderer folder and nowhere else', () => {
    expect(resolveAppPath(root, 'app://ebz/')).toBe(join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://ebz/assets/a.js')).toBe(join(root, 'assets', 'a.js'));
    expect(resolveAppPath(root, 'app://ebz/..%2f..%2fetc/passwd')).toBeNull();
    expect(resolveAppPath(root, 'app://ebz/assets/..%5c..%5cx')).toBeNull();
    expect(resolveAppPath(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppPath(root, 'file:///etc/passwd')).toBeNull();
    expect(resolveAppPath(root, 'app://ebz/assets/link.txt')).toBeNull();
  });

  it('answers with the CSP, and refuses what the path check refuses', async () => {
    const ok = await appResponse(root, APP_ENTRY);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
    expect((await appResponse(root, 'app://ebz/..%2f..%2fetc/passwd')).status).toBe(403);
    expect((await appResponse(root, 'app://ebz/missing.js')).status).toBe(404);
  });
});

describe('window and session hardening', () => {
  it('creates windows isolated, sandboxed, without Node', () => {
    const w = windowOptions('/p/preload.cjs').webPreferences!;
    expect(w).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false, preload: '/p/preload.cjs' });
  });

  it('refuses navigation away from app://ebz, redirects, webviews and new windows', () => {
    const handlers = new Map<string, (e: { preventDefault: () => void }, url?: string) => void>();
    let openHandler: (() => { action: string }) | undefined;
    hardenContents({
      on: ((ev: string, h: never) => handlers.set(ev, h)) as never,
      setWindowOpenHandler: ((h: () => { action: string }) => (openHandler = h)) as never,
    });
    const nav = (url: string) => {
      const e = { preventDefault: vi.fn() };
      handlers.get('will-navigate')!(e, url);
      return e.preventDefault.mock.calls.length > 0;
    };
    expect(nav('https://evil.example/')).toBe(true);
    expect(nav('file:///etc/passwd')).toBe(true);
    expect(nav('app://ebz/index.html#/staff')).toBe(false);
    const r = { preventDefault: vi.fn() };
    handlers.get('will-redirect')!(r, 'http://127.0.0.1:1/');
    expect(r.preventDefault).toHaveBeenCalled();
    const wv = { preventDefault: vi.fn() };
    handlers.get('will-attach-webview')!(wv);
    expect(wv.preventDefault).toHaveBeenCalled();
    expect(openHandler!()).toEqual({ action: 'deny' });
  });

  it('denies every permission and cancels requests to the network', () => {
    let request: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    let before: ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | undefined;
    let headers: ((d: { responseHeaders: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | undefined;
    hardenSession({
      setPermissionRequestHandler: ((h: typeof request) => (request = h)) as never,
      setPermissionCheckHandler: ((h: typeof check) => (check = h)) as never,
      setDevicePermissionHandler: (() => undefined) as never,
      webRequest: { onBeforeRequest: ((h: typeof before) => (before = h)) as never, onHeadersReceived: ((h: typeof headers) => (headers = h)) as never } as never,
    });
    const granted: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read']) request!(null, p, (ok) => granted.push(ok));
    expect(granted).toEqual([false, false, false, false]);
    expect(check!()).toBe(false);
    const cancel = (url: string) => {
      let r = { cancel: false };
      before!({ url }, (x) => (r = x));
      return r.cancel;
    };
    expect(cancel('https://evil.example/x.js')).toBe(true);
    expect(cancel('ws://127.0.0.1:9/')).toBe(true);
    expect(cancel('file:///etc/passwd')).toBe(true);
    expect(cancel('app://ebz/assets/a.js')).toBe(false);
    let out: Record<string, string[]> = {};
    headers!({ responseHeaders: {} }, (r) => (out = r.responseHeaders));
    expect(out['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('trusts IPC only from our top frame on app://ebz', () => {
    const top = { url: 'app://ebz/index.html', parent: null };
    expect(isTrustedSender(top as never, top as never)).toBe(true);
    expect(isTrustedSender({ url: 'app://ebz/index.html', parent: top } as never, top as never)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null } as never, null)).toBe(false);
    expect(isTrustedSender({ url: 'app://ebz/index.html', parent: null } as never, top as never)).toBe(false);
    expect(isTrustedSender(null, top as never)).toBe(false);
  });
});
