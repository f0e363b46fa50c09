/**
 * A second, small session with the bianban server for the calls the sync client does not make (photo
 * bytes, same-id resubmit): key-signature login as in sync, then raw bytes or JSON over HTTPS with the
 * bianban CA pinned. It keeps its own token so it never disturbs the sync round's session.
 */
import http from 'node:http';
import https from 'node:https';
import { canonicalJson } from '../../domain/crypto/canonical-json';
import type { SignatureEnvelope } from '../../domain/crypto/signature';
import { HttpFailure, requestJson, type HttpOptions } from '../http-client';

export interface SessionDeps {
  http: HttpOptions | null;
  sign: (data: Uint8Array) => Promise<SignatureEnvelope>;
  certificatePem: () => Promise<string | null>;
}

export interface BytesResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

export class ServerSession {
  private token: string | null = null;

  constructor(private readonly d: SessionDeps) {}

  get configured(): boolean {
    return this.d.http !== null;
  }

  forget(): void {
    this.token = null;
  }

  private options(): HttpOptions {
    if (!this.d.http) throw new HttpFailure('未配置编办服务器地址，只能离线使用', 0, 'CONFIG');
    return this.d.http;
  }

  private async login(): Promise<string> {
    const o = this.options();
    const certificate = await this.d.certificatePem();
    if (!certificate) throw new HttpFailure('密钥中没有证书，无法登录编办服务器', 0, 'KEY');
    const { challenge } = await requestJson<{ challenge: string }>(o, 'POST', '/api/v1/auth/challenge', {});
    const signature = await this.d.sign(new TextEncoder().encode(canonicalJson({ challenge, purpose: 'login' })));
    const res = await requestJson<{ token: string }>(o, 'POST', '/api/v1/auth/login', { certificate, challenge, signature });
    this.token = res.token;
    return res.token;
  }

  /** Runs `fn` with a token; a 401 (expired session) logs in again once. */
  private async withToken<T>(fn: (token: string) => Promise<T>): Promise<T> {
    const first = this.token ?? (await this.login());
    try {
      return await fn(first);
    } catch (e) {
      if (!(e instanceof HttpFailure && e.status === 401)) throw e;
      this.token = null;
      return fn(await this.login());
    }
  }

  json<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    return this.withToken((token) => requestJson<T>(this.options(), method, path, body, token));
  }

  /** Sends or fetches raw bytes (a photo). Non-2xx answers become HttpFailure with the server's message. */
  bytes(method: 'GET' | 'PUT', path: string, body?: { contentType: string; bytes: Uint8Array }): Promise<BytesResponse> {
    return this.withToken((token) => rawRequest(this.options(), method, path, token, body));
  }
}

function rawRequest(opts: HttpOptions, method: 'GET' | 'PUT', path: string, token: string, body?: { contentType: string; bytes: Uint8Array }): Promise<BytesResponse> {
  const url = new URL(path, opts.baseUrl);
  const secure = url.protocol === 'https:';
  if (!secure && !opts.allowPlainHttp) return Promise.reject(new HttpFailure('服务器地址必须以 https:// 开头（政务专网通信必须加密）', 0, 'CONFIG'));
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'image/jpeg, image/png, application/json' };
  if (body) {
    headers['content-type'] = body.contentType;
    headers['content-length'] = String(body.bytes.length);
  }
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(url, { method, headers, timeout: opts.timeoutMs ?? 30_000, ...(secure && opts.caPem ? { ca: opts.caPem, rejectUnauthorized: true } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => reject(new HttpFailure(`读取服务器应答时出错：${e.message}`, 0, 'NETWORK')));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const buf = Buffer.concat(chunks);
        const contentType = String(res.headers['content-type'] ?? '');
        if (status >= 200 && status < 300) return resolve({ status, contentType, body: buf });
        let err: { code?: string; message?: string; field?: string } | undefined;
        try {
          err = (JSON.parse(buf.toString('utf8')) as { error?: typeof err }).error;
        } catch {
          err = undefined;
        }
        reject(new HttpFailure(err?.message ?? `服务器返回错误（HTTP ${status}）`, status, err?.code ?? `HTTP_${status}`, err?.field));
      });
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => {
      const tls = e.code?.startsWith('ERR_TLS') || /certificate|self.signed|UNABLE_TO_VERIFY/i.test(`${e.code} ${e.message}`);
      reject(
        tls
          ? new HttpFailure('服务器证书校验失败：对方不是编办服务器或证书不是编办签发的。请勿继续，并联系编办核实服务器地址。', 0, 'TLS', undefined, `${e.code ?? ''} ${e.message}`)
          : new HttpFailure(`无法连接编办服务器：${e.message}`, 0, 'NETWORK', undefined, `${e.code ?? ''} ${e.message}`),
      );
    });
    if (body) req.write(body.bytes);
    req.end();
  });
}
