import { createHash } from 'node:crypto';
import { canonicalJson } from '../../domain/crypto/canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Digest of a record's canonical JSON: what the audit log stores as "before" / "after". */
export function digestOf(value: unknown): string | null {
  return value === undefined || value === null ? null : sha256Hex(canonicalJson(value));
}

export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  beforeDigest: string | null;
  afterDigest: string | null;
  signature: unknown;
  detail: unknown;
  prevHash: string;
}

/** The link hash covers every field of the record including the previous link, so any edit breaks the chain. */
export function auditHash(r: AuditRecord): string {
  return sha256Hex(canonicalJson(r));
}
