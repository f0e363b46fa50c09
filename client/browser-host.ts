/**
 * Browser mode: the client services behind a local web server, for machines without the Electron
 * binary and for end-to-end tests. It listens on 127.0.0.1 only and guards everything with a random
 * per-launch token:
 * - the launch URL carries `?token=`; that request sets an HttpOnly, SameSite=Strict cookie and
 *   redirects to a URL without the token, so the token never sits in the address bar or in JS;
 * - every HTTP request and the WebSocket upgrade need that cookie (or the token as a bearer header /
 *   `token` query for scripted clients), a Host of 127.0.0.1 / localhost on our port (DNS rebinding),
 *   and — when the browser sends one — an Origin equal to our own;
 * - static files are served from the built renderer only, after a path check;
 * - each WebSocket frame is checked against the contract before it reaches a service.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { Value } from '@sinclair/typebox/value';
import { WebSocketServer, type WebSocket } from 'ws';
import { CallFrameSchema, type ResultFrame, type EventFrame } from '../domain/contract/wire';
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
  /** Fixed token (tests); random otherwise. */
  token?: string;
}

export interface BrowserHost {
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const COOKIE = 'ebz_session';
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

function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === COOKIE) return v;
  }
  return undefined;
}

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const root = resolve(opts.rendererDir);
  const server: Server = createServer();
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as { port: number }).port;
  const origin = `http://127.0.0.1:${port}`;
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = new Set([origin, `http://localhost:${port}`]);
  const log = opts.log.child({ component: 'browser-host' });

  /** Why a request may not come in, or null. */
  function refusal(req: IncomingMessage, url: URL): { status: number; message: string } | null {
    if (!allowedHosts.has(req.headers.host ?? '')) return { status: 421, message: '只接受本机地址 127.0.0.1 的访问' };
    const o = req.headers.origin;
    if (o !== undefined && !allowedOrigins.has(o)) return { status: 403, message: '拒绝来自其他网站的访问' };
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const presented = cookieToken(req) ?? bearer ?? url.searchParams.get('token') ?? undefined;
    if (!sameToken(presented, token)) return { status: 401, message: '访问令牌无效：请使用启动时显示的完整地址打开' };
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

  server.on('request', (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      const denied = refusal(req, url);
      if (denied) return send(res, denied.status, denied.message);
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, '只允许读取', undefined, { allow: 'GET, HEAD' });
      if (url.searchParams.has('token')) {
        // Trade the launch token for a cookie and drop it from the address bar.
        url.searchParams.delete('token');
        return send(res, 303, '', undefined, {
          location: url.pathname + (url.search || '') + url.hash,
          'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
          'cache-control': 'no-store',
        });
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
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', origin);
    const denied = refusal(req, url);
    if (denied || url.pathname !== '/ws') {
      const status = denied?.status ?? 404;
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
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    async close() {
      off();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
