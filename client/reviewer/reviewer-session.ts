/**
 * The reviewer is online: decisions and certificates go straight to the bianban server over HTTPS with
 * the CA pinned (as sync does), under a session opened by the reviewer's key signing the server's
 * challenge. The session is dropped when the key locks; a 401 (expired) opens a new one once.
 */
import { canonicalJson } from '../../domain/crypto/canonical-json';
import type { SignatureEnvelope } from '../../domain/crypto/signature';
import { HttpFailure, requestJson, type HttpOptions } from '../http-client';

export interface ReviewerPrincipal {
  certSerial: string;
  role: 'unit' | 'reviewer';
  unitId: string | null;
  bianbanId: string | null;
  holderName: string;
}

export interface ServerSessionDeps {
  http: HttpOptions | null;
  sign: (data: Uint8Array) => Promise<SignatureEnvelope>;
  certificatePem: () => Promise<string | null>;
}

/** Logs a key in to the server: challenge → signature over canonical JSON → session token. */
export async function keyLogin(http: HttpOptions, d: Omit<ServerSessionDeps, 'http'>): Promise<{ token: string; principal: ReviewerPrincipal }> {
  const certificate = await d.certificatePem();
  if (!certificate) throw new HttpFailure('密钥中没有证书，无法登录编办服务器', 0, 'KEY');
  const { challenge } = await requestJson<{ challenge: string }>(http, 'POST', '/api/v1/auth/challenge', {});
  const signature = await d.sign(new TextEncoder().encode(canonicalJson({ challenge, purpose: 'login' })));
  return requestJson<{ token: string; principal: ReviewerPrincipal }>(http, 'POST', '/api/v1/auth/login', { certificate, challenge, signature });
}

export class ServerSession {
  private token: string | null = null;
  private principal: ReviewerPrincipal | null = null;

  constructor(private readonly d: ServerSessionDeps) {}

  get me(): ReviewerPrincipal | null {
    return this.principal;
  }

  forget(): void {
    this.token = null;
    this.principal = null;
  }

  private httpOpts(): HttpOptions {
    if (!this.d.http) throw new HttpFailure('未配置编办服务器地址：审核和发证必须连接编办服务器', 0, 'CONFIG');
    return this.d.http;
  }

  async ensure(): Promise<ReviewerPrincipal> {
    if (!this.token || !this.principal) {
      const r = await keyLogin(this.httpOpts(), this.d);
      this.token = r.token;
      this.principal = r.principal;
    }
    return this.principal;
  }

  /** Runs a request of another shape (bytes) with the session token; a 401 opens a new session once. */
  async withToken<T>(fn: (http: HttpOptions, token: string) => Promise<T>): Promise<T> {
    await this.ensure();
    try {
      return await fn(this.httpOpts(), this.token!);
    } catch (e) {
      if (!(e instanceof HttpFailure) || e.status !== 401) throw e;
      this.forget();
      await this.ensure();
      return fn(this.httpOpts(), this.token!);
    }
  }

  async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    await this.ensure();
    try {
      return await requestJson<T>(this.httpOpts(), method, path, body, this.token);
    } catch (e) {
      if (!(e instanceof HttpFailure) || e.status !== 401) throw e;
      this.forget();
      await this.ensure();
      return requestJson<T>(this.httpOpts(), method, path, body, this.token);
    }
  }
}
