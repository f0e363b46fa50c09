import type { CertificateAuthority } from './ca/authority';
import type { Db } from './db/database';

export interface ServerConfig {
  sessionTtlSeconds: number;
  challengeTtlSeconds: number;
  /** Largest accepted request body, bytes. */
  bodyLimit: number;
  /** How long an issued post-use slip reserves its posts. */
  slipValidityDays: number;
  verifyRateLimit: { max: number; windowMs: number };
  /** Login challenges per client IP (several units may share one IP behind a government network's NAT). */
  challengeRateLimit: { max: number; windowMs: number };
  /** Province-wide person lookups by ID number per reviewer certificate. */
  personLookupRateLimit: { max: number; windowMs: number };
  pullPageSize: number;
  /**
   * Production mode (`ebz server --production`): certificates carrying the demo marker are refused at
   * login and never issued. Development mode accepts them so demos and tests can log in.
   */
  production: boolean;
}

export const DEFAULT_CONFIG: ServerConfig = {
  sessionTtlSeconds: 15 * 60,
  challengeTtlSeconds: 120,
  bodyLimit: 1024 * 1024,
  slipValidityDays: 180,
  verifyRateLimit: { max: 60, windowMs: 60_000 },
  challengeRateLimit: { max: 600, windowMs: 60_000 },
  personLookupRateLimit: { max: 30, windowMs: 60_000 },
  pullPageSize: 1000,
  production: false,
};

/** Everything a route needs; tests build it with a controllable clock. */
export interface AppDeps {
  db: Db;
  ca: CertificateAuthority;
  config: ServerConfig;
  now: () => Date;
}

// The business date lives in domain/; route files and the CLI import it from here.
export { todayOf } from '../domain/validation/calendar';
