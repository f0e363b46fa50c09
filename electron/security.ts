/**
 * Every piece of window hardening, in one place (Electron's security checklist):
 *  1. the renderer is served from our own `app://ebz` protocol, never file:// — with a path check so
 *     no URL can reach outside the built renderer;
 *  2. contextIsolation on, sandbox on, nodeIntegration off (also in workers and subframes), webview off;
 *  3. a Content-Security-Policy with script-src 'self' on every response;
 *  4. navigation to anything but our origin, new windows and redirects are refused;
 *  5. every permission request (camera, notifications, geolocation …) is denied;
 *  6. requests to any other scheme or host (http, https, ws, file) are cancelled — the window never
 *     talks to the network; the client services in the main process do;
 *  7. IPC messages are accepted only from our top frame (checked by `isTrustedSender`) and their
 *     payload is checked against the contract (electron/ipc.ts);
 *  8. fuses (build/electron-builder.yml): no ELECTRON_RUN_AS_NODE, no NODE_OPTIONS, no inspector
 *     flags, asar integrity, load the app only from the asar.
 */
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { BrowserWindowConstructorOptions, Protocol, Session, WebContents, WebFrameMain } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'ebz';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // antd writes its styles at run time (CSS-in-JS); scripts stay 'self' only.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Must run before `app` is ready: app:// behaves like a standard, secure origin. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/**
 * Maps an app:// URL to a file under `root`, or null when it would leave it (`..`, encoded
 * separators, symlinks out) or names another host.
 */
export function resolveAppPath(root: string, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\')) return null;
  const base = resolve(root);
  const file = resolve(base, `.${rel === '/' ? '/index.html' : rel}`);
  if (!file.startsWith(base + sep)) return null;
  try {
    const real = realpathSync(file);
    const realBase = realpathSync(base);
    if (!real.startsWith(realBase + sep)) return null;
    return real;
  } catch {
    return file;
  }
}

export interface ExtraAsset {
  prefix: string;
  read: (pathname: string) => { body: Buffer; contentType: string } | null;
}

/** Serves the built renderer on app://ebz with the CSP on every answer. */
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, root: string, assets: ExtraAsset[] = []): void {
  protocol.handle(APP_SCHEME, async (request) => appResponse(root, request.url, assets));
}

export async function appResponse(root: string, url: string, assets: ExtraAsset[] = []): Promise<Response> {
  const headers = { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' };
  const u = new URL(url);
  for (const a of assets) {
    if (u.host === APP_HOST && u.pathname.startsWith(a.prefix)) {
      const hit = a.read(u.pathname.slice(a.prefix.length));
      return hit ? new Response(new Uint8Array(hit.body), { status: 200, headers: { ...headers, 'content-type': hit.contentType } }) : new Response('没有这个文件', { status: 404, headers });
    }
  }
  const file = resolveAppPath(root, url);
  if (!file) return new Response('拒绝访问', { status: 403, headers });
  try {
    const body = await readFile(file);
    return new Response(new Uint8Array(body), { status: 200, headers: { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' } });
  } catch {
    return new Response('没有这个文件', { status: 404, headers });
  }
}

export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    title: '电子编制管理证',
    show: false,
    backgroundColor: '#f0f2f5',
    autoHideMenuBar: true,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: process.env.EBZ_DEVTOOLS === '1',
    },
  };
}

export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Requests the window may make: our protocol, and the data:/blob: URLs it creates itself. */
export function isAllowedRequest(url: string): boolean {
  return isAppUrl(url) || url.startsWith('data:') || url.startsWith('blob:app://ebz/') || url.startsWith('devtools:');
}

export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest' | 'setDevicePermissionHandler'>): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url) }));
  session.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }),
  );
}

type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function hardenContents(contents: HardenableContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** IPC is answered only for our own page in our own window's top frame. */
export function isTrustedSender(frame: Pick<WebFrameMain, 'url' | 'parent'> | null, expected: Pick<WebFrameMain, 'url'> | null): boolean {
  if (!frame || frame.parent !== null) return false;
  if (expected && frame !== expected) return false;
  return isAppUrl(frame.url);
}
