/**
 * Browser mode: the client services behind a local web server, for machines without the Electron
 * binary and for end-to-end tests. It listens on 127.0.0.1 only. Cookies on 127.0.0.1 are not tied to
 * a port (Chromium sends them to every local port, and any program on the machine can listen on one),
 * so a cookie alone never opens the services (docs/security.md, "Browser mode"):
 * - a launch URL carries a one-time `?token=`; its first GET answers the page with a fresh **page
 *   secret** in a `<meta>` tag and sets the session cookie `ebz_session_<port>` (HttpOnly,
 *   SameSite=Strict; one name per port, so instances side by side keep their own). The page keeps the
 *   secret in its tab's sessionStorage (scoped to our origin, port included; a reload keeps it) and
 *   drops the token from the address. The token is then spent: a second visit gets a Chinese page
 *   saying so, except from the session that spent it (a reload of the launch address);
 * - static files need the cookie (they hold no data); the WebSocket upgrade (and `/session`, the page's
 *   check of its secret, sent as `x-ebz-session`) needs the cookie **and** the page secret of
 *   that session (as a `Sec-WebSocket-Protocol` entry `ebz.session.<secret>`), so a program on another
 *   port that received the cookie still cannot connect;
 * - every request needs a Host of 127.0.0.1 / localhost on our port (DNS rebinding) and, when the
 *   browser sends one, an Origin equal to our own;
 * - static files are served from the built renderer only, after a path check;
 * - each WebSocket frame is checked against the contract before it reaches a service.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { Value } from '@sinclair/typebox/value';
import { WebSocketServer, type WebSocket } from 'ws';
import { CallFrameSchema, PAGE_SECRET_HEADER, PAGE_SECRET_META, WS_PROTOCOL, WS_SESSION_PREFIX, type ResultFrame, type EventFrame } from '../domain/contract/wire';

// Re-exported for the host's tests and scripted clients; one definition, shared with the page.
export { PAGE_SECRET_META, WS_PROTOCOL, WS_SESSION_PREFIX };
import type { Client } from './client-api';
import { toApiError } from './client-api';

export interface BrowserHostOptions {
  client: Client;
  /** The built renderer (vite build → dist/renderer). */
  rendererDir: string;
  port?: number;
  log: Logger;
  /** Extra static routes (e.g. the print module's fonts) — path prefix → reader. */
  assets?: { prefix: string; read: (pathname: string) => { body: Buffer; contentType: string } | null }[];
  /** Fixed first launch token (tests); random otherwise. */
  token?: string;
  /** Called each time a launch token is spent (e.g. to print a fresh launch URL). */
  onLaunched?: () => void;
}

export interface BrowserHost {
  /** The first launch URL (one-time). */
  url: string;
  origin: string;
  port: number;
  /** This instance's session cookie name: `ebz_session_<port>`. */
  cookieName: string;
  /** A fresh one-time launch URL, for one more window. */
  launchUrl(): string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

function contentSecurityPolicy(origin: string): string {
  const ws = origin.replace(/^http/, 'ws');
  // antd writes its styles at run time (CSS-in-JS), hence 'unsafe-inline' for styles only; scripts come from our files alone.
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${ws}`,
    "frame-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const secret = () => randomBytes(32).toString('base64url');
/** Secrets are looked up by their SHA-256, so a lookup's timing says nothing about the secret itself. */
const digest = (s: string) => createHash('sha256').update(s).digest('base64url');

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function pageSecretOf(req: IncomingMessage): string | undefined {
  for (const p of String(req.headers['sec-websocket-protocol'] ?? '').split(',')) {
    const t = p.trim();
    if (t.startsWith(WS_SESSION_PREFIX)) return t.slice(WS_SESSION_PREFIX.length);
  }
  return undefined;
}

/** A small Chinese page for the browser (no script: the CSP allows none inline anyway). */
function notice(title: string, lines: string[]): string {
  const esc = (t: string) => t.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body style="font-family:sans-serif;max-width:40em;margin:4em auto;line-height:1.8"><h1 style="font-size:1.4em">${esc(title)}</h1>${lines.map((l) => `<p>${esc(l)}</p>`).join('')}</body></html>`;
}

const NO_SESSION = notice('没有本机服务的会话', [
  '这个地址只能从启动时打印的链接打开。',
  '请使用运行 npm start 的终端里最新打印的地址（带 token 的完整地址，每个只能用一次）；或按 Ctrl+C 退出后重新运行 npm start。',
]);
const LINK_USED = notice('这个启动链接已经用过', [
  '为防止本机其他程序冒用，每个启动链接只能打开一次。已经打开的窗口可以继续使用，刷新页面也不受影响。',
  '要再打开一个窗口：请使用运行 npm start 的终端里最新打印的地址（“如需再打开一个窗口”那一行）；或按 Ctrl+C 退出后重新运行 npm start，用它打印的新地址打开。',
]);

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const root = resolve(opts.rendererDir);
  const server: Server = createServer();
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as { port: number }).port;
  const origin = `http://127.0.0.1:${port}`;
  const cookieName = `ebz_session_${port}`;
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = new Set([origin, `http://localhost:${port}`]);
  const log = opts.log.child({ component: 'browser-host' });

  /** Launch tokens by digest → the digest of the session cookie that spent it (null: not yet spent). */
  const launches = new Map<string, string | null>();
  /** Sessions by cookie digest → digests of the page secrets handed out under that cookie. */
  const sessions = new Map<string, Set<string>>();
  function launchUrl(token = secret()): string {
    launches.set(digest(token), null);
    return `${origin}/?token=${token}`;
  }
  const firstUrl = launchUrl(opts.token);

  /** The digest of the request's session cookie when it names a live session of this instance. */
  function sessionOf(req: IncomingMessage): string | null {
    const c = cookieValue(req, cookieName);
    if (!c) return null;
    const d = digest(c);
    return sessions.has(d) ? d : null;
  }

  /** Whether the request's cookie and this page secret belong to the same live session. */
  function pairs(req: IncomingMessage, pageSecret: string | undefined): boolean {
    const session = sessionOf(req);
    return session !== null && pageSecret !== undefined && sessions.get(session)!.has(digest(pageSecret));
  }

  /** Why a request may not come in at all (Host, Origin), or null. */
  function refusal(req: IncomingMessage): { status: number; message: string } | null {
    if (!allowedHosts.has(req.headers.host ?? '')) return { status: 421, message: '只接受本机地址 127.0.0.1 的访问' };
    const o = req.headers.origin;
    if (o !== undefined && !allowedOrigins.has(o)) return { status: 403, message: '拒绝来自其他网站的访问' };
    return null;
  }

  function send(res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}) {
    res.writeHead(status, {
      'content-type': type,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'x-frame-options': 'SAMEORIGIN',
      'content-security-policy': contentSecurityPolicy(origin),
      ...extra,
    });
    res.end(body);
  }
  const HTML = 'text/html; charset=utf-8';

  /** GET /?token=…: spend the token, answer the page with its secret. */
  async function launch(req: IncomingMessage, res: ServerResponse, url: URL) {
    const key = digest(url.searchParams.get('token') ?? '');
    const current = sessionOf(req);
    if (!launches.has(key)) return send(res, 401, notice('启动链接无效', ['这个链接不是本次启动打印的地址。请使用运行 npm start 的终端里最新打印的地址打开。']), HTML, { 'cache-control': 'no-store' });
    const spentBy = launches.get(key);
    if (spentBy !== null) {
      // The tab that opened this link reloads it (e.g. before the page dropped the token): back to the app.
      if (spentBy === current) return send(res, 303, '', undefined, { location: '/', 'cache-control': 'no-store' });
      log.warn({ port }, 'spent launch token presented again');
      return send(res, 410, LINK_USED, HTML, { 'cache-control': 'no-store' });
    }
    let page: Buffer;
    try {
      page = await readFile(resolve(root, 'index.html'));
    } catch {
      return send(res, 404, '界面文件缺失：请先运行 npx vite build 生成 dist/renderer');
    }
    // A browser that already holds this instance's cookie keeps it (its other tabs keep working).
    let cookie: string | null = null;
    let session = current;
    if (!session) {
      cookie = secret();
      session = digest(cookie);
      sessions.set(session, new Set());
    }
    const pageSecret = secret();
    sessions.get(session)!.add(digest(pageSecret));
    launches.set(key, session);
    log.info({ port, newSession: cookie !== null }, 'launch token spent');
    opts.onLaunched?.();
    const meta = `<meta name="${PAGE_SECRET_META}" content="${pageSecret}">`;
    const text = page.toString('utf8');
    const html = /<head[^>]*>/i.test(text) ? text.replace(/<head[^>]*>/i, (h) => h + meta) : text.replace(/^(<!doctype[^>]*>)?/i, (d) => d + meta);
    return send(res, 200, html, HTML, {
      'cache-control': 'no-store',
      ...(cookie ? { 'set-cookie': `${cookieName}=${cookie}; HttpOnly; SameSite=Strict; Path=/` } : {}),
    });
  }

  server.on('request', (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      const denied = refusal(req);
      if (denied) return send(res, denied.status, denied.message);
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, '只允许读取', undefined, { allow: 'GET, HEAD' });
      // Only a GET spends a launch token (a HEAD, e.g. a link preview, must not).
      if (url.searchParams.has('token') && req.method === 'GET') return launch(req, res, url);
      if (!sessionOf(req)) return send(res, 401, NO_SESSION, HTML, { 'cache-control': 'no-store' });
      // The page asks whether its secret still opens a session (after a refused WebSocket: restarted app?).
      if (url.pathname === '/session') {
        const h = req.headers[PAGE_SECRET_HEADER];
        return send(res, pairs(req, typeof h === 'string' ? h : undefined) ? 204 : 401, '', undefined, { 'cache-control': 'no-store' });
      }
      for (const a of opts.assets ?? []) {
        if (url.pathname.startsWith(a.prefix)) {
          const hit = a.read(url.pathname.slice(a.prefix.length));
          return hit ? send(res, 200, hit.body, hit.contentType, { 'cache-control': 'max-age=86400' }) : send(res, 404, '没有这个文件');
        }
      }
      const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
      const file = resolve(root, `.${rel}`);
      if (file !== root && !file.startsWith(root + sep)) return send(res, 403, '拒绝访问');
      try {
        const st = await stat(file);
        if (!st.isFile()) return send(res, 404, '没有这个文件');
        const body = await readFile(file);
        const type = TYPES[extname(file)] ?? 'application/octet-stream';
        send(res, 200, body, type, { 'cache-control': rel === '/index.html' ? 'no-store' : 'max-age=3600' });
      } catch {
        send(res, 404, rel === '/index.html' ? '界面文件缺失：请先运行 npx vite build 生成 dist/renderer' : '没有这个文件');
      }
    })().catch((e) => {
      log.error({ err: e instanceof Error ? e.message : String(e) }, 'request failed');
      if (!res.headersSent) send(res, 500, '内部错误');
    });
  });

  // Large enough for a 10 MB scanned approval document (base64 in JSON) sent from the reviewer window.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 16 * 1024 * 1024,
    // Answer with the protocol, never echo the secret.
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', origin);
    let status = refusal(req)?.status ?? (url.pathname !== '/ws' ? 404 : 0);
    if (!status) {
      // The cookie alone is what another local port receives: the page secret of that same session is needed too.
      if (!pairs(req, pageSecretOf(req))) status = 401;
    }
    if (status) {
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Refused'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      log.warn({ status, origin: req.headers.origin ?? null }, 'websocket refused');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const sockets = new Set<WebSocket>();
  const off = opts.client.onEvent((event, payload) => {
    const frame: EventFrame = { t: 'event', event, payload };
    const text = JSON.stringify(frame);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data, isBinary) => {
      let frame: unknown;
      try {
        frame = isBinary ? null : JSON.parse(data.toString());
      } catch {
        frame = null;
      }
      if (!Value.Check(CallFrameSchema, frame)) {
        ws.close(1008, 'bad frame');
        return;
      }
      const { id, channel, payload } = frame;
      opts.client.call(channel, payload).then(
        (value) => reply({ t: 'result', id, ok: true, value }),
        (e) => reply({ t: 'result', id, ok: false, error: toApiError(e).toJSON() }),
      );
      function reply(r: ResultFrame) {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(r));
      }
    });
  });

  return {
    url: firstUrl,
    origin,
    port,
    cookieName,
    launchUrl: () => launchUrl(),
    async close() {
      off();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
