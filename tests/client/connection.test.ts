/**
 * The client's one connection against small local servers that answer what we tell them to: it refuses
 * an answer of the wrong shape, tells TLS, network, refusal (4xx) and server fault (5xx) apart, and
 * logs in again once when the session has expired.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpFailure, ServerConnection, type HttpOptions } from '../../client/connection';

type Answer = { status: number; body?: unknown; type?: string };
let handler: (req: http.IncomingMessage) => Answer = () => ({ status: 404 });
const seen: string[] = [];
const servers: (http.Server | https.Server)[] = [];

function serve(req: http.IncomingMessage, res: http.ServerResponse) {
  req.resume();
  req.on('end', () => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`.trim());
    const a = handler(req);
    res.writeHead(a.status, { 'content-type': a.type ?? 'application/json' });
    res.end(a.body === undefined ? '' : typeof a.body === 'string' ? a.body : JSON.stringify(a.body));
  });
}

async function listen(s: http.Server | https.Server): Promise<string> {
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return String((s.address() as AddressInfo).port);
}

let plain: HttpOptions;
let tlsDir: string;
const principal = { certSerial: 'ab12', role: 'unit', unitId: 'U001', bianbanId: null, holderName: '经办人' };
const sign = async () => ({ alg: 'ECDSA-P256-SHA256' as const, certSerial: 'ab12', issuer: 'CN=test', value: 'AAAA' });
const connection = (o: HttpOptions) => new ServerConnection({ http: o, sign, certificatePem: async () => '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' });

/** Login answers; anything else from `rest`. Tokens count up so a re-login is visible. */
let logins = 0;
function withLogin(rest: (req: http.IncomingMessage) => Answer) {
  return (req: http.IncomingMessage): Answer => {
    if (req.url === '/api/v1/auth/challenge') return { status: 200, body: { challenge: 'c'.repeat(32), expiresAt: '2030-01-01T00:00:00Z' } };
    if (req.url === '/api/v1/auth/login') return { status: 200, body: { token: `token-${++logins}`, expiresAt: '2030-01-01T00:00:00Z', principal } };
    return rest(req);
  };
}

beforeAll(async () => {
  plain = { baseUrl: `http://127.0.0.1:${await listen(http.createServer(serve))}`, allowPlainHttp: true, timeoutMs: 5_000 };
  tlsDir = mkdtempSync(join(tmpdir(), 'ebz-conn-'));
  for (const name of ['server', 'other']) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(tlsDir, `${name}.key`), '-out', join(tlsDir, `${name}.pem`)], { stdio: 'ignore' });
  }
});
afterEach(() => {
  seen.length = 0;
  logins = 0;
});
afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  rmSync(tlsDir, { recursive: true, force: true });
});

describe('the connection checks every answer against the route table', () => {
  it('refuses an answer of the wrong shape with a Chinese error naming the route', async () => {
    handler = withLogin(() => ({ status: 200, body: { changes: 'none', cursor: 'x' } }));
    const e = await connection(plain).call('syncPull', { query: { after: 0 } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HttpFailure);
    const f = e as HttpFailure;
    expect(f.code).toBe('BAD_RESPONSE');
    expect(f.kind).toBe('badResponse');
    expect(f.message).toContain('编办服务器的应答格式不符合约定');
    expect(f.message).toContain('GET /api/v1/sync/pull');
    expect(f.message).toMatch(/字段 (changes|cursor|hasMore) 缺失或类型不符/);
  });

  it('accepts an answer of the right shape, typed', async () => {
    handler = withLogin(() => ({ status: 200, body: { changes: [], cursor: 7, hasMore: false, protocolVersion: 2 } }));
    const page = await connection(plain).call('syncPull', { query: { after: 0, protocolVersion: 2 } });
    expect(page.cursor).toBe(7);
    expect(seen.at(-1)).toMatch(/^GET \/api\/v1\/sync\/pull\?after=0&protocolVersion=2 Bearer token-1$/);
  });

  it('refuses bytes of another content type than the route declares', async () => {
    handler = withLogin(() => ({ status: 200, body: '<html>登录页</html>', type: 'text/html' }));
    await expect(connection(plain).call('ledgerDocument', { params: { id: 'e1' } })).rejects.toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('text/html') });
  });

  it('a login answer without a principal is refused before anything is trusted', async () => {
    handler = (req) => (req.url === '/api/v1/auth/challenge' ? { status: 200, body: { challenge: 'c'.repeat(32), expiresAt: 'x' } } : { status: 200, body: { token: 't' } });
    await expect(connection(plain).call('me', {})).rejects.toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('/api/v1/auth/login') });
  });
});

describe('the connection tells failures apart', () => {
  it('4xx: the server’s own message and code, kind refused', async () => {
    handler = withLogin(() => ({ status: 403, body: { error: { code: 'FORBIDDEN', message: '只有编办审核人员可以办理此项' } } }));
    await expect(connection(plain).call('reviewerCertificates', {})).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN', kind: 'refused', message: '只有编办审核人员可以办理此项' });
  });

  it('5xx: a server fault, in Chinese even when the body is not ours', async () => {
    handler = withLogin(() => ({ status: 502, body: 'Bad Gateway', type: 'text/plain' }));
    const e = (await connection(plain).call('me', {}).catch((x: unknown) => x)) as HttpFailure;
    expect(e).toMatchObject({ status: 502, code: 'SERVER_ERROR', kind: 'server' });
    expect(e.message).toContain('编办服务器出错');
  });

  it('network: nobody listening', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const e = (await connection({ baseUrl: `http://127.0.0.1:${port}`, allowPlainHttp: true }).call('authChallenge', {}).catch((x: unknown) => x)) as HttpFailure;
    expect(e).toMatchObject({ status: 0, code: 'NETWORK', kind: 'network', offline: true });
    expect(e.message).toContain('无法连接编办服务器');
  });

  it('TLS: a server whose certificate the pinned CA did not issue', async () => {
    const s = https.createServer({ key: readFileSync(join(tlsDir, 'server.key')), cert: readFileSync(join(tlsDir, 'server.pem')) }, serve);
    const port = await listen(s);
    handler = withLogin(() => ({ status: 200, body: principal }));
    const wrong = { baseUrl: `https://127.0.0.1:${port}`, caPem: readFileSync(join(tlsDir, 'other.pem'), 'utf8') };
    const e = (await connection(wrong).call('authChallenge', {}).catch((x: unknown) => x)) as HttpFailure;
    expect(e).toMatchObject({ code: 'TLS', kind: 'tls' });
    expect(e.message).toContain('服务器证书校验失败');
    // The same server with its own CA pinned answers.
    const right = { baseUrl: `https://127.0.0.1:${port}`, caPem: readFileSync(join(tlsDir, 'server.pem'), 'utf8') };
    await expect(connection(right).call('me', {})).resolves.toMatchObject({ unitId: 'U001' });
  });

  it('plain http is refused unless allowed', async () => {
    await expect(connection({ baseUrl: plain.baseUrl }).call('health', {})).rejects.toMatchObject({ code: 'CONFIG', kind: 'config' });
  });

  it('bytes downloads fail the same way (TLS is TLS, not NETWORK)', async () => {
    const s = https.createServer({ key: readFileSync(join(tlsDir, 'server.key')), cert: readFileSync(join(tlsDir, 'server.pem')) }, serve);
    const port = await listen(s);
    const c = new ServerConnection({ http: { baseUrl: `https://127.0.0.1:${port}`, caPem: readFileSync(join(tlsDir, 'other.pem'), 'utf8') }, sign, certificatePem: async () => 'x' });
    await expect(c.call('photoGet', { params: { sha256: 'a'.repeat(64) } })).rejects.toMatchObject({ code: 'TLS' });
  });
});

describe('the session', () => {
  it('a 401 logs in again once and repeats the call; a second 401 is the caller’s', async () => {
    let refused = 0;
    handler = withLogin((req) => {
      if (req.headers.authorization === 'Bearer token-1') {
        refused++;
        return { status: 401, body: { error: { code: 'UNAUTHORIZED', message: '登录已过期，请重新登录' } } };
      }
      return { status: 200, body: principal };
    });
    const c = connection(plain);
    await expect(c.call('me', {})).resolves.toMatchObject({ certSerial: 'ab12' });
    expect(refused).toBe(1);
    expect(logins).toBe(2);
    expect(c.me?.unitId).toBe('U001');

    handler = withLogin(() => ({ status: 401, body: { error: { code: 'UNAUTHORIZED', message: '证书已吊销，会话已失效' } } }));
    await expect(c.call('me', {})).rejects.toMatchObject({ status: 401, message: '证书已吊销，会话已失效' });
    expect(logins).toBe(3);
  });

  it('public routes are called without logging in', async () => {
    handler = withLogin(() => ({ status: 200, body: { status: 'ok', database: 'pglite', time: 'now' } }));
    await connection(plain).call('health', {});
    expect(logins).toBe(0);
    expect(seen).toEqual(['GET /healthz']);
  });
});
