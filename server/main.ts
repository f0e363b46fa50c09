/**
 * The server process: opens storage and the CA, makes the HTTPS certificate on first start, listens,
 * runs the slip-expiry job, and shuts down cleanly on SIGINT/SIGTERM (stop accepting, finish requests,
 * close the database and the CA token).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { createApp } from './app';
import { CertificateAuthority } from './ca/authority';
import { openFileSigner } from './ca/file-signer';
import { openPkcs11Signer } from './ca/pkcs11-signer';
import type { CaSigner } from './ca/signer';
import { DEFAULT_CONFIG, type AppDeps, type ServerConfig } from './context';
import type { Db } from './db/database';
import { openDatabase } from './db/open';
import { ensureTlsCertificate } from './tls';
import { expireSlips } from './workflow/expire';

export interface ServerOptions {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl?: string;
  ca?: { modulePath: string; pin: string; tokenLabel?: string; keyLabel?: string };
  caName?: string;
  config?: Partial<ServerConfig>;
  logger?: Logger;
  /** Interval of the slip-expiry job; 0 disables it. */
  expiryIntervalMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  app: FastifyInstance;
  deps: AppDeps;
  caCertPem: string;
  close(): Promise<void>;
}

export async function openCa(dataDir: string, o: Pick<ServerOptions, 'ca' | 'caName'>): Promise<CertificateAuthority> {
  const dir = join(dataDir, 'ca');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const signer: CaSigner = o.ca
    ? await openPkcs11Signer({ modulePath: o.ca.modulePath, pin: o.ca.pin, tokenLabel: o.ca.tokenLabel, keyLabel: o.ca.keyLabel, generate: true })
    : await openFileSigner(join(dir, 'ca-key.pem'));
  const certPath = join(dir, o.ca ? 'ca-cert-pkcs11.pem' : 'ca-cert.pem');
  try {
    const ca = await CertificateAuthority.open(signer, existsSync(certPath) ? readFileSync(certPath, 'utf8') : null, o.caName);
    if (!existsSync(certPath)) writeFileSync(certPath, ca.pem);
    return ca;
  } catch (e) {
    await signer.close();
    throw e;
  }
}

export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const log = o.logger ?? pino({ name: 'ebz-server', level: process.env.EBZ_LOG_LEVEL ?? 'info' });
  mkdirSync(o.dataDir, { recursive: true });
  const ca = await openCa(o.dataDir, o);
  let db: Db;
  try {
    db = await openDatabase({ databaseUrl: o.databaseUrl, dataDir: o.dataDir });
  } catch (e) {
    await ca.signer.close();
    throw e;
  }
  const deps: AppDeps = { db, ca, config: { ...DEFAULT_CONFIG, ...o.config }, now: () => new Date() };
  const tls = await ensureTlsCertificate(join(o.dataDir, 'tls'), ca, [o.host]);
  const app = await createApp(deps, { https: tls, logger: log });
  await app.listen({ host: o.host, port: o.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port;
  log.info({ host: o.host, port, database: db.kind }, 'bianban server listening');

  const runExpiry = () =>
    expireSlips(deps)
      .then((n) => n.length && log.info({ expired: n.length }, 'post-use slips expired'))
      .catch((err: unknown) => log.error({ err }, 'slip expiry failed'));
  await runExpiry();
  const timer = o.expiryIntervalMs === 0 ? null : setInterval(runExpiry, o.expiryIntervalMs ?? 3600_000);
  timer?.unref();

  let closing: Promise<void> | null = null;
  return {
    url: `https://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`,
    port,
    app,
    deps,
    caCertPem: ca.pem,
    close() {
      closing ??= (async () => {
        if (timer) clearInterval(timer);
        await app.close();
        await db.close();
        await ca.signer.close();
        log.info('bianban server stopped');
      })();
      return closing;
    },
  };
}

/** Runs until SIGINT / SIGTERM; resolves with the exit code. */
export async function runUntilSignalled(o: ServerOptions): Promise<number> {
  const s = await startServer(o);
  return new Promise((resolve) => {
    const stop = (sig: string) => {
      (o.logger ?? pino()).info({ sig }, 'shutting down');
      s.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
