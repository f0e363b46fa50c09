import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../client/browser-host';
import { clientFixture, type Fixture } from './fixtures';

let f: Fixture;
let host: BrowserHost;
/** A second instance side by side, on its own port. */
let other: BrowserHost;
let dir: string;

beforeAll(async () => {
  f = await clientFixture({ units: 8, staff: 200 });
  dir = mkdtempSync(join(tmpdir(), 'ebz-renderer-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>ebz</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'ebz-secret.txt'), 'secret');
  host = await startBrowserHost({ client: f.client, rendererDir: dir, log: pino({ level: 'silent' }) });
  other = await startBrowserHost({ client: f.client, rendererDir: dir, log: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await host?.close();
  await other?.close();
  await f?.close();
});

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };
function get(path: string, headers: Record<string, string> = {}, h: BrowserHost = host, method = 'GET'): Promise<Answer> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: h.port, path, method, headers: { host: `127.0.0.1:${h.port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** What a browser gets from a launch: the cookie it stores and the page secret in the answered page. */
interface Session {
  cookie: string;
  secret: string;
}
function sessionFrom(r: Answer): Session {
  const setCookie = String(r.headers['set-cookie']);
  const secret = /<meta name="ebz-session" content="([A-Za-z0-9_-]+)">/.exec(r.body)?.[1];
  if (!secret) throw new Error(`no page secret in ${r.status} ${r.body.slice(0, 200)}`);
  return { cookie: setCookie.split(';')[0]!, secret };
}
async function launch(h: BrowserHost = host, headers: Record<string, string> = {}): Promise<Session & { answer: Answer }> {
  const url = new URL(h.launchUrl());
  const r = await get(url.pathname + url.search, headers, h);
  return { ...sessionFrom(r), answer: r };
}

let s: Session;
beforeAll(async () => {
  s = await launch();
});

function connect(headers: Record<string, string>, secret?: string, h: BrowserHost = host): Promise<{ ws: WebSocket | null; status: number | null }> {
  return new Promise((ok) => {
    const protocols = secret === undefined ? [] : ['ebz.v1', `ebz.session.${secret}`];
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/ws`, protocols, { headers });
    ws.on('open', () => ok({ ws, status: null }));
    ws.on('unexpected-response', (_req, res) => ok({ ws: null, status: res.statusCode ?? 0 }));
    ws.on('error', () => ok({ ws: null, status: -1 }));
  });
}
async function wsStatus(headers: Record<string, string>, secret?: string, h: BrowserHost = host): Promise<number> {
  const { ws, status } = await connect(headers, secret, h);
  ws?.close();
  return status ?? 101;
}

describe('browser-mode host', () => {
  it('listens on 127.0.0.1 only, prints a URL carrying a one-time token, names its cookie after its port', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{43}$`));
    expect(host.cookieName).toBe(`ebz_session_${host.port}`);
    expect(other.cookieName).toBe(`ebz_session_${other.port}`);
    expect(host.launchUrl()).not.toBe(host.launchUrl());
  });

  it('refuses HTTP without a session, and from another Origin or Host', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/')).body).toContain('没有本机服务的会话');
    expect((await get('/index.html', { cookie: `${host.cookieName}=wrong` })).status).toBe(401);
    expect((await get('/', { cookie: s.cookie, origin: 'http://evil.example' })).status).toBe(403);
    expect((await get('/', { cookie: s.cookie, host: 'evil.example' })).status).toBe(421);
  });

  it('answers a launch with the page and its secret, sets a per-port HttpOnly SameSite cookie, and refuses the link a second time', async () => {
    const url = host.launchUrl();
    const path = new URL(url).pathname + new URL(url).search;
    const first = await get(path);
    expect(first.status).toBe(200);
    expect(first.body).toContain('<title>ebz</title>');
    expect(String(first.headers['cache-control'])).toBe('no-store');
    expect(String(first.headers['set-cookie'])).toMatch(new RegExp(`^${host.cookieName}=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/$`));
    const mine = sessionFrom(first);
    expect(mine.secret).not.toBe(s.secret);
    // Anybody else presenting the spent link: a Chinese page saying so and how to open the app again.
    const again = await get(path);
    expect(again.status).toBe(410);
    expect(again.body).toContain('这个启动链接已经用过');
    expect(again.body).toContain('npm start');
    expect(again.body).not.toContain('ebz-session');
    expect((await get(path, { cookie: s.cookie })).status).toBe(410);
    // The tab that spent it reloading the launch address goes back to the app, without a new secret.
    const reload = await get(path, { cookie: mine.cookie });
    expect(reload.status).toBe(303);
    expect(reload.headers.location).toBe('/');
    // A made-up token.
    expect((await get('/?token=made-up')).status).toBe(401);
  });

  it('does not spend a launch token on a HEAD request', async () => {
    const url = new URL(host.launchUrl());
    expect((await get(url.pathname + url.search, {}, host, 'HEAD')).status).toBe(401);
    expect((await get(url.pathname + url.search)).status).toBe(200);
  });

  it('a browser that already holds the cookie opens one more window under the same cookie', async () => {
    const second = await launch(host, { cookie: s.cookie });
    expect(second.answer.headers['set-cookie']).toBeUndefined();
    expect(second.secret).not.toBe(s.secret);
    expect(await wsStatus({ origin: host.origin, cookie: s.cookie }, second.secret)).toBe(101);
    expect(await wsStatus({ origin: host.origin, cookie: s.cookie }, s.secret)).toBe(101);
  });

  it('serves the renderer with a CSP that allows only its own scripts, and nothing outside it', async () => {
    const r = await get('/', { cookie: s.cookie });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>ebz</title>');
    expect(r.body).not.toContain('ebz-session');
    expect(String(r.headers['content-security-policy'])).toContain("script-src 'self'");
    expect((await get('/assets/app.js', { cookie: s.cookie })).status).toBe(200);
    expect((await get('/../ebz-secret.txt', { cookie: s.cookie })).body).not.toContain('secret');
    expect((await get('/%2e%2e/ebz-secret.txt', { cookie: s.cookie })).body).not.toContain('secret');
    expect((await get('/..%2febz-secret.txt', { cookie: s.cookie })).status).toBe(403);
  });

  it('refuses a WebSocket without the session cookie, or from another Origin', async () => {
    expect(await wsStatus({ origin: host.origin })).toBe(401);
    expect(await wsStatus({ origin: host.origin }, s.secret)).toBe(401);
    expect(await wsStatus({ origin: 'http://127.0.0.1:1', cookie: s.cookie }, s.secret)).toBe(403);
    expect(await wsStatus({ origin: 'http://evil.example', cookie: s.cookie }, s.secret)).toBe(403);
  });

  it('refuses a plain WebSocket client that holds the cookie but not the page secret (what another local port receives)', async () => {
    expect(await wsStatus({ origin: host.origin, cookie: s.cookie })).toBe(401);
    expect(await wsStatus({ cookie: s.cookie })).toBe(401);
    expect(await wsStatus({ origin: host.origin, cookie: s.cookie }, 'guessed-secret-guessed-secret-guessed-xx')).toBe(401);
    // Every cookie Chromium holds for 127.0.0.1, as a listener on another port would get them, plus the launch token itself.
    expect(await wsStatus({ origin: host.origin, cookie: `${s.cookie}; ebz_session=${s.secret}`, authorization: `Bearer ${s.secret}` })).toBe(401);
    // A page secret belongs to its own session's cookie.
    const elsewhere = await launch();
    expect(await wsStatus({ origin: host.origin, cookie: elsewhere.cookie }, s.secret)).toBe(401);
    expect((await get('/session', { cookie: s.cookie, 'x-ebz-session': s.secret })).status).toBe(204);
    expect((await get('/session', { cookie: elsewhere.cookie, 'x-ebz-session': s.secret })).status).toBe(401);
  });

  it('keeps instances side by side apart: each accepts its own session only', async () => {
    const o = await launch(other);
    expect(o.cookie.startsWith(`${other.cookieName}=`)).toBe(true);
    // The browser sends both cookies to both ports.
    const both = `${s.cookie}; ${o.cookie}`;
    expect(await wsStatus({ origin: host.origin, cookie: both }, s.secret)).toBe(101);
    expect(await wsStatus({ origin: other.origin, cookie: both }, o.secret, other)).toBe(101);
    // Another instance's cookie and secret open nothing here, and the other way round.
    expect(await wsStatus({ origin: host.origin, cookie: o.cookie }, o.secret)).toBe(401);
    expect(await wsStatus({ origin: other.origin, cookie: s.cookie }, s.secret, other)).toBe(401);
    const renamed = `${other.cookieName}=${s.cookie.split('=')[1]}`;
    expect(await wsStatus({ origin: other.origin, cookie: renamed }, s.secret, other)).toBe(401);
    expect((await get('/', { cookie: o.cookie })).status).toBe(401);
    // A launch token of one instance is unknown to the other.
    const url = new URL(other.launchUrl());
    expect((await get(url.pathname + url.search)).status).toBe(401);
  });

  it('answers contract calls over an authorised WebSocket, checked against the contract', async () => {
    const { ws } = await connect({ origin: host.origin, cookie: s.cookie }, s.secret);
    expect(ws).not.toBeNull();
    expect(ws!.protocol).toBe('ebz.v1');
    const answers: unknown[] = [];
    ws!.on('message', (m) => answers.push(JSON.parse(String(m))));
    ws!.send(JSON.stringify({ t: 'call', id: 1, channel: 'key:status', payload: {} }));
    ws!.send(JSON.stringify({ t: 'call', id: 2, channel: 'home:summary', payload: {} }));
    ws!.send(JSON.stringify({ t: 'call', id: 3, channel: 'key:login', payload: { pin: 42 } }));
    await new Promise((r) => setTimeout(r, 300));
    expect(answers).toContainEqual(expect.objectContaining({ t: 'result', id: 1, ok: true, value: expect.objectContaining({ kind: 'demo' }) }));
    expect(answers).toContainEqual(expect.objectContaining({ t: 'result', id: 2, ok: false, error: expect.objectContaining({ code: 'LOCKED' }) }));
    expect(answers).toContainEqual(expect.objectContaining({ t: 'result', id: 3, ok: false, error: expect.objectContaining({ code: 'BAD_MESSAGE' }) }));
    const closed = new Promise<number>((r) => ws!.on('close', (code) => r(code)));
    ws!.send('{"t":"nonsense"}');
    expect(await closed).toBe(1008);
  });
});
