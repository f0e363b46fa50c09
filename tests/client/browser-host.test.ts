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

beforeAll(async () => {
  f = await clientFixture({ units: 8, staff: 200 });
  const dir = mkdtempSync(join(tmpdir(), 'ebz-renderer-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>ebz</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'ebz-secret.txt'), 'secret');
  host = await startBrowserHost({ client: f.client, rendererDir: dir, log: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await host?.close();
  await f?.close();
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers: { host: `127.0.0.1:${host.port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

const cookie = () => `ebz_session=${host.token}`;

function connect(headers: Record<string, string>): Promise<{ ws: WebSocket | null; status: number | null }> {
  return new Promise((ok) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, { headers });
    ws.on('open', () => ok({ ws, status: null }));
    ws.on('unexpected-response', (_req, res) => ok({ ws: null, status: res.statusCode ?? 0 }));
    ws.on('error', () => ok({ ws: null, status: -1 }));
  });
}

describe('browser-mode host', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying the token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{43}$`));
  });

  it('refuses HTTP without the token, and from another Origin or Host', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/index.html', { cookie: 'ebz_session=wrong' })).status).toBe(401);
    expect((await get('/', { cookie: cookie(), origin: 'http://evil.example' })).status).toBe(403);
    expect((await get('/', { cookie: cookie(), host: 'evil.example' })).status).toBe(421);
  });

  it('trades the launch token for an HttpOnly SameSite cookie and drops it from the address', async () => {
    const r = await get(`/?token=${host.token}`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    expect(String(r.headers['set-cookie'])).toMatch(/ebz_session=.+; HttpOnly; SameSite=Strict/);
  });

  it('serves the renderer with a CSP that allows only its own scripts, and nothing outside it', async () => {
    const r = await get('/', { cookie: cookie() });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>ebz</title>');
    expect(String(r.headers['content-security-policy'])).toContain("script-src 'self'");
    expect((await get('/assets/app.js', { cookie: cookie() })).status).toBe(200);
    expect((await get('/../ebz-secret.txt', { cookie: cookie() })).body).not.toContain('secret');
    expect((await get('/%2e%2e/ebz-secret.txt', { cookie: cookie() })).body).not.toContain('secret');
    expect((await get('/..%2febz-secret.txt', { cookie: cookie() })).status).toBe(403);
  });

  it('refuses a WebSocket without the token or from another Origin', async () => {
    expect((await connect({ origin: host.origin })).status).toBe(401);
    expect((await connect({ origin: 'http://127.0.0.1:1', cookie: cookie() })).status).toBe(403);
    expect((await connect({ origin: 'http://evil.example', cookie: cookie() })).status).toBe(403);
  });

  it('answers contract calls over an authorised WebSocket, checked against the contract', async () => {
    const { ws } = await connect({ origin: host.origin, cookie: cookie() });
    expect(ws).not.toBeNull();
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
