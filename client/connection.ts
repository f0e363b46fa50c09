/**
 * The client's one connection to the bianban server. Every call goes through it:
 * - HTTPS with the bianban CA pinned: when a CA certificate is given, only a server certificate issued by
 *   it is accepted (node's `ca` option replaces the system trust store), so a man in the middle with any
 *   other certificate — even a publicly trusted one — is refused. Plain http:// only when the caller
 *   allows it (tests of the protocol on loopback).
 * - One key login: challenge → the key signs canonicalJson({ challenge, purpose: 'login' }) → session.
 *   A 401 (session expired or dropped) logs in again once and repeats the call.
 * - Typed calls from the route table (domain/api/routes.ts): `call('syncPull', { query })`. Every JSON
 *   answer is checked against the route's schema; an answer of another shape is refused (BAD_RESPONSE)
 *   instead of being trusted. Byte answers (photos, the ledger PDF) come through the same call.
 * - Failures are distinct, Chinese and say what to do: TLS (not our server), NETWORK (no link), a
 *   refusal (4xx, the server's own message), a server fault (5xx), a malformed answer.
 */
import http from 'node:http';
import https from 'node:https';
import { Value } from '@sinclair/typebox/value';
import type { LoginResponse, Principal } from '../domain/api/auth';
import { ROUTES, pathOf, type BytesAnswer, type RouteInput, type RouteName, type RouteOutput, type RouteSpec, type Routes } from '../domain/api/routes';
import { canonicalJson } from '../domain/crypto/canonical-json';
import type { SignatureEnvelope } from '../domain/crypto/signature';

export interface HttpOptions {
  baseUrl: string;
  caPem?: string | null;
  allowPlainHttp?: boolean;
  timeoutMs?: number;
}

/** Which side a failure is on; the sync schedule and the screens act on it. */
export type FailureKind = 'config' | 'key' | 'tls' | 'network' | 'refused' | 'server' | 'badResponse';

export class HttpFailure extends Error {
  constructor(
    message: string,
    /** 0 when no HTTP answer came (configuration, key, TLS, network). */
    readonly status: number,
    readonly code: string,
    readonly field?: string,
    /** The underlying network or TLS error, for the log (never shown to the user as is). */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'HttpFailure';
  }

  get offline(): boolean {
    return this.status === 0;
  }

  get kind(): FailureKind {
    if (this.code === 'BAD_RESPONSE') return 'badResponse';
    if (this.status >= 500) return 'server';
    if (this.status >= 400) return 'refused';
    if (this.code === 'TLS') return 'tls';
    if (this.code === 'CONFIG') return 'config';
    if (this.code === 'KEY') return 'key';
    return 'network';
  }
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: '连接被拒绝（服务器未启动或端口不对）',
  ECONNRESET: '连接被中断',
  ETIMEDOUT: '连接超时',
  ENOTFOUND: '找不到服务器地址',
  EHOSTUNREACH: '网络不通',
  ENETUNREACH: '网络不通',
};

function isTlsError(e: NodeJS.ErrnoException): boolean {
  return !!e.code?.startsWith('ERR_TLS') || /certificate|self.signed|SELF_SIGNED|UNABLE_TO_VERIFY|CERT_/i.test(`${e.code} ${e.message}`);
}

interface Exchange {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One HTTP exchange; a failure before any answer becomes a TLS, NETWORK or CONFIG HttpFailure. */
function exchange(o: HttpOptions, method: string, path: string, headers: Record<string, string>, body?: Uint8Array): Promise<Exchange> {
  const url = new URL(path, o.baseUrl);
  const secure = url.protocol === 'https:';
  if (!secure && !o.allowPlainHttp) return Promise.reject(new HttpFailure('服务器地址必须以 https:// 开头（政务专网通信必须加密）', 0, 'CONFIG'));
  const h = { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) };
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(url, { method, headers: h, timeout: o.timeoutMs ?? 30_000, ...(secure && o.caPem ? { ca: o.caPem, rejectUnauthorized: true } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => reject(new HttpFailure(`读取编办服务器应答时连接中断：${e.message}。请检查网络后重试`, 0, 'NETWORK', undefined, e.message)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => {
      const detail = `${e.code ?? ''} ${e.message}`;
      reject(
        isTlsError(e)
          ? new HttpFailure('服务器证书校验失败：对方不是编办服务器或证书不是编办签发的。请勿继续，并联系编办核实服务器地址。', 0, 'TLS', undefined, detail)
          : new HttpFailure(`无法连接编办服务器：${NETWORK_CODES[e.code ?? ''] ?? e.message}。请检查政务专网连接后重试`, 0, 'NETWORK', undefined, detail),
      );
    });
    if (body) req.write(body);
    req.end();
  });
}

/** A non-2xx answer: the server's own Chinese message and code when it sent the error shape. */
function failureOf(r: Exchange): HttpFailure {
  let err: { code?: string; message?: string; field?: string } | undefined;
  try {
    err = (JSON.parse(r.body.toString('utf8')) as { error?: typeof err }).error;
  } catch {
    err = undefined;
  }
  if (r.status >= 500) {
    return new HttpFailure(err?.message ?? `编办服务器出错（HTTP ${r.status}）：请稍后重试；如持续出现请联系编办`, r.status, err?.code ?? 'SERVER_ERROR', err?.field);
  }
  return new HttpFailure(err?.message ?? `编办服务器拒绝了请求（HTTP ${r.status}）：请检查本客户端版本，或联系编办`, r.status, err?.code ?? `HTTP_${r.status}`, err?.field);
}

function badResponse(route: RouteSpec, status: number, why: string, detail = why): HttpFailure {
  return new HttpFailure(`编办服务器的应答格式不符合约定（${route.summary}，${route.method} ${route.path}：${why}）：客户端与服务器版本可能不一致，请联系编办`, status, 'BAD_RESPONSE', undefined, detail);
}

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * One call of a route, without session handling: builds the request from the table, sends it and
 * checks the answer against the route's schema.
 */
export async function send<N extends RouteName>(o: HttpOptions, name: N, input: RouteInput<Routes[N]>, token?: string | null): Promise<RouteOutput<Routes[N]>> {
  const route: RouteSpec = ROUTES[name];
  const i = input as { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown };
  const headers: Record<string, string> = { accept: route.answer.kind === 'bytes' ? [...route.answer.contentTypes, 'application/json'].join(', ') : 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: Uint8Array | undefined;
  if (route.body && 'kind' in route.body && route.body.kind === 'bytes') {
    const b = i.body as { contentType: string; bytes: Uint8Array };
    headers['content-type'] = b.contentType;
    body = b.bytes;
  } else if (i.body !== undefined || route.method !== 'GET') {
    headers['content-type'] = 'application/json';
    body = Buffer.from(JSON.stringify(i.body ?? {}));
  }
  const r = await exchange(o, route.method, pathOf(route, i.params) + queryString(i.query), headers, body);
  if (r.status < 200 || r.status >= 300) throw failureOf(r);
  const answer = route.answer;
  if (answer.kind === 'none') return undefined as RouteOutput<Routes[N]>;
  if (answer.kind === 'bytes') {
    const contentType = String(r.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!answer.contentTypes.includes(contentType)) throw badResponse(route, r.status, `内容类型为 ${contentType || '（无）'}`);
    const out: BytesAnswer = { bytes: r.body, contentType, headers: r.headers };
    return out as RouteOutput<Routes[N]>;
  }
  let json: unknown;
  try {
    json = JSON.parse(r.body.toString('utf8'));
  } catch {
    throw badResponse(route, r.status, '不是有效的 JSON');
  }
  if (!Value.Check(answer.schema, json)) {
    const first = Value.Errors(answer.schema, json).First();
    const field = first?.path.replace(/^\//, '').replace(/\//g, '.') || '（整体）';
    throw badResponse(route, r.status, `字段 ${field} 缺失或类型不符`, first ? `${first.path} ${first.message}` : undefined);
  }
  return json as RouteOutput<Routes[N]>;
}

export interface ConnectionDeps {
  /** The server; null when none is configured (offline use). */
  http: HttpOptions | null;
  sign: (data: Uint8Array) => Promise<SignatureEnvelope>;
  certificatePem: () => Promise<string | null>;
  /** What to tell the user when no server is configured. */
  notConfigured?: string;
}

/** Logs a key in: challenge → signature over canonical JSON → session. */
export async function keyLogin(o: HttpOptions, d: Pick<ConnectionDeps, 'sign' | 'certificatePem'>): Promise<LoginResponse> {
  const certificate = await d.certificatePem();
  if (!certificate) throw new HttpFailure('密钥中没有证书，无法登录编办服务器', 0, 'KEY');
  const { challenge } = await send(o, 'authChallenge', {});
  const signature = await d.sign(new TextEncoder().encode(canonicalJson({ challenge, purpose: 'login' })));
  return send(o, 'authLogin', { body: { certificate, challenge, signature } });
}

/** The session with the bianban server: one per client, shared by sync, photos, the reviewer's desks. */
export class ServerConnection {
  private token: string | null = null;
  private principal: Principal | null = null;
  private loggingIn: Promise<LoginResponse> | null = null;

  constructor(private readonly d: ConnectionDeps) {}

  get configured(): boolean {
    return this.d.http !== null;
  }

  get options(): HttpOptions | null {
    return this.d.http;
  }

  /** Who the session belongs to, once logged in. */
  get me(): Principal | null {
    return this.principal;
  }

  get loggedIn(): boolean {
    return this.token !== null;
  }

  /** Per-call timeout (tests, settings). */
  tune(o: { timeoutMs?: number }): void {
    if (o.timeoutMs !== undefined && this.d.http) this.d.http = { ...this.d.http, timeoutMs: o.timeoutMs };
  }

  /** The key was pulled or locked: the session goes with it. */
  forget(): void {
    this.token = null;
    this.principal = null;
  }

  private http(): HttpOptions {
    if (!this.d.http) throw new HttpFailure(this.d.notConfigured ?? '未配置编办服务器地址，只能离线使用', 0, 'CONFIG');
    return this.d.http;
  }

  /** Logs in (once, however many callers ask at the same time). */
  async login(): Promise<Principal> {
    this.loggingIn ??= keyLogin(this.http(), this.d).finally(() => {
      this.loggingIn = null;
    });
    const r = await this.loggingIn;
    this.token = r.token;
    this.principal = r.principal;
    return r.principal;
  }

  /** A typed call of a route; a session route logs in first, and again once on a 401. */
  async call<N extends RouteName>(name: N, input: RouteInput<Routes[N]>): Promise<RouteOutput<Routes[N]>> {
    const o = this.http();
    if (ROUTES[name].access === 'public') return send(o, name, input);
    if (!this.token) await this.login();
    try {
      return await send(o, name, input, this.token);
    } catch (e) {
      if (!(e instanceof HttpFailure) || e.status !== 401) throw e;
      this.forget();
      await this.login();
      return send(o, name, input, this.token);
    }
  }
}
