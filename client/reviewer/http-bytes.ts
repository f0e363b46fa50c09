/**
 * A GET that answers bytes (the scanned approval PDF), with the same pinning rules as requestJson: only
 * https unless plain http is allowed, and only the configured CA when one is given.
 */
import http from 'node:http';
import https from 'node:https';
import { HttpFailure, type HttpOptions } from '../http-client';

export function getBytes(opts: HttpOptions, path: string, token: string): Promise<{ bytes: Buffer; headers: http.IncomingHttpHeaders }> {
  const url = new URL(path, opts.baseUrl);
  const secure = url.protocol === 'https:';
  if (!secure && !opts.allowPlainHttp) return Promise.reject(new HttpFailure('服务器地址必须以 https:// 开头（政务专网通信必须加密）', 0, 'CONFIG'));
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(
      url,
      { method: 'GET', headers: { authorization: `Bearer ${token}` }, timeout: opts.timeoutMs ?? 60_000, ...(secure && opts.caPem ? { ca: opts.caPem, rejectUnauthorized: true } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(new HttpFailure(`读取服务器应答时出错：${e.message}`, 0, 'NETWORK')));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve({ bytes: body, headers: res.headers });
          let err: { code?: string; message?: string } | undefined;
          try {
            err = (JSON.parse(body.toString('utf8')) as { error?: typeof err }).error;
          } catch {
            err = undefined;
          }
          reject(new HttpFailure(err?.message ?? `服务器返回错误（HTTP ${status}）`, status, err?.code ?? `HTTP_${status}`));
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => reject(new HttpFailure(`无法连接编办服务器：${e.message}`, 0, 'NETWORK', undefined, e.message)));
    req.end();
  });
}
