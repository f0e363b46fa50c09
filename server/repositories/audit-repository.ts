/** The hash-chained audit log and the journal lock that serialises writers of the audit and change logs. */
import type { AuditRecord } from '../audit/hash';
import type { Queryable } from '../db/database';

/** Held to commit: one writer at a time appends to the audit chain and assigns change sequence numbers. */
export async function takeJournalLock(q: Queryable, key: number): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock($1)', [key]);
}

/** The chain's head: the last record's sequence number and hash, or null for an empty log. */
export async function lastAuditLink(q: Queryable): Promise<{ seq: number; hash: string } | null> {
  const last = await q.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  return last.rows[0] ?? null;
}

export async function insertAuditRecord(q: Queryable, rec: AuditRecord, hash: string): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, before_digest, after_digest, signature, detail, prev_hash, hash)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
    [rec.seq, rec.at, rec.actor, rec.action, rec.entity, rec.entityId, rec.beforeDigest, rec.afterDigest, json(rec.signature), json(rec.detail), rec.prevHash, hash],
  );
}

/** An audit_log row as stored. */
export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before_digest: string | null;
  after_digest: string | null;
  signature: unknown;
  detail: unknown;
  prev_hash: string;
  hash: string;
}

/** Up to `limit` records from `fromSeq` on, in order. */
export async function auditPage(q: Queryable, fromSeq: number, limit: number): Promise<AuditRow[]> {
  return (await q.query<AuditRow>('SELECT * FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2', [fromSeq, limit])).rows;
}

function json(v: unknown): string | null {
  return v === null || v === undefined ? null : JSON.stringify(v);
}
