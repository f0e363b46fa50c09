/**
 * JSON over HTTPS to the bianban server with its CA pinned: when a CA certificate is given, only a
 * server certificate issued by it is accepted (node's `ca` option replaces the system trust store),
 * so a man in the middle with any other certificate — even a publicly trusted one — is refused.
 * Plain http:// is accepted only when the caller allows it (tests of the protocol on loopback).
 */
import http from 'node:http';
import https from 'node:https';

export class HttpFailure extends Error {
  constructor(
    message: string,
    /** 0 when the server could not be reached at all. */
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
}

export interface HttpOptions {
  baseUrl: string;
  caPem?: string | null;
  allowPlainHttp?: boolean;
  timeoutMs?: number;
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: '连接被拒绝（服务器未启动或端口不对）',
  ECONNRESET: '连接被中断',
  ETIMEDOUT: '连接超时',
  ENOTFOUND: '找不到服务器地址',
  EHOSTUNREACH: '网络不通',
  ENETUNREACH: '网络不通',
};

export async function requestJson<T>(opts: HttpOptions, method: 'GET' | 'POST', path: string, body?: unknown, token?: string | null): Promise<T> {
  const url = new URL(path, opts.baseUrl);
  const secure = url.protocol === 'https:';
  if (!secure && !opts.allowPlainHttp) throw new HttpFailure('服务器地址必须以 https:// 开头（政务专网通信必须加密）', 0, 'CONFIG');
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = { accept: 'application/json' };
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  if (token) headers.authorization = `Bearer ${token}`;
  return new Promise<T>((resolve, reject) => {
    const req = (secure ? https : http).request(
      url,
      {
        method,
        headers,
        timeout: opts.timeoutMs ?? 30_000,
        ...(secure && opts.caPem ? { ca: opts.caPem, rejectUnauthorized: true } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(new HttpFailure(`读取服务器应答时出错：${e.message}`, 0, 'NETWORK')));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            json = null;
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve(json as T);
          const err = (json as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
          reject(new HttpFailure(err?.message ?? `服务器返回错误（HTTP ${status}）`, status, err?.code ?? `HTTP_${status}`, err?.field));
        });
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => {
      const tls = e.code?.startsWith('ERR_TLS') || /certificate|self.signed|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(`${e.code} ${e.message}`);
      if (tls) {
        reject(new HttpFailure('服务器证书校验失败：对方不是编办服务器或证书不是编办签发的。请勿继续，并联系编办核实服务器地址。', 0, 'TLS', undefined, `${e.code ?? ''} ${e.message}`));
      } else {
        reject(new HttpFailure(`无法连接编办服务器：${NETWORK_CODES[e.code ?? ''] ?? e.message}`, 0, 'NETWORK', undefined, `${e.code ?? ''} ${e.message}`));
      }
    });
    if (payload) req.write(payload);
    req.end();
  });
}
