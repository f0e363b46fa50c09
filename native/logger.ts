/**
 * The native layer's logger. Every class here takes an optional `logger` so tests (and the Electron
 * main process) can route records to their own pino destination. Log records carry slot ids, token
 * serials, CKR names and timings — never a PIN, a private key or a certificate holder's ID number.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

let fallback: Logger | undefined;

export function nativeLogger(): Logger {
  fallback ??= pino({ name: 'native', level: process.env.EBZ_LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info') });
  return fallback;
}
