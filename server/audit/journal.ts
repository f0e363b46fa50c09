/**
 * Every state change goes through a Journal inside its transaction: one audit record (hash-chained) and
 * one change-log row per touched entity (for sync). Both take one advisory lock, held to commit, so the
 * audit chain has no forks and change sequence numbers become visible in the order they were assigned —
 * a pulling client can never skip a change that commits later with a smaller number.
 */
import type { SignatureEnvelope } from '../../domain/crypto/signature';
import type { Queryable } from '../db/database';
import { auditHash, digestOf, GENESIS_HASH, type AuditRecord } from './hash';

const JOURNAL_LOCK = 7_284_002;

export type EntityName =
  | 'bianban'
  | 'unit'
  | 'division'
  | 'ledgerEntry'
  | 'staff'
  | 'departedStaff'
  | 'offEstablishment'
  | 'request'
  | 'slip'
  | 'form'
  | 'certificate'
  | 'formNumberPatterns';

export interface AuditInput {
  actor: string;
  action: string;
  entity: EntityName | string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  signature?: SignatureEnvelope | null;
  detail?: unknown;
}

export interface ChangeInput {
  entity: EntityName;
  id: string;
  unitId: string | null;
  bianbanId: string | null;
  data: unknown;
}

export class Journal {
  private locked = false;

  constructor(
    private readonly tx: Queryable,
    private readonly now: () => Date,
  ) {}

  /** Taken automatically by audit() and change(); bulk writers call it before writing the change log. */
  async lock(): Promise<void> {
    if (this.locked) return;
    await this.tx.query('SELECT pg_advisory_xact_lock($1)', [JOURNAL_LOCK]);
    this.locked = true;
  }

  async audit(e: AuditInput): Promise<AuditRecord & { hash: string }> {
    await this.lock();
    const last = await this.tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const rec: AuditRecord = {
      seq: (last.rows[0]?.seq ?? 0) + 1,
      at: this.now().toISOString(),
      actor: e.actor,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId,
      beforeDigest: digestOf(e.before),
      afterDigest: digestOf(e.after),
      signature: e.signature ?? null,
      detail: e.detail ?? null,
      prevHash: last.rows[0]?.hash ?? GENESIS_HASH,
    };
    const hash = auditHash(rec);
    await this.tx.query(
      `INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, before_digest, after_digest, signature, detail, prev_hash, hash)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
      [rec.seq, rec.at, rec.actor, rec.action, rec.entity, rec.entityId, rec.beforeDigest, rec.afterDigest, json(rec.signature), json(rec.detail), rec.prevHash, hash],
    );
    return { ...rec, hash };
  }

  /** Records the entity's new full state for sync; older versions of the same entity leave the log. */
  async change(c: ChangeInput): Promise<void> {
    await this.lock();
    await this.tx.query('DELETE FROM changes WHERE entity = $1 AND entity_id = $2', [c.entity, c.id]);
    await this.tx.query(
      `INSERT INTO changes (seq, entity, entity_id, unit_id, bianban_id, data, at) VALUES (nextval('change_seq'), $1, $2, $3, $4, $5, $6)`,
      [c.entity, c.id, c.unitId, c.bianbanId, JSON.stringify(c.data), this.now().toISOString()],
    );
  }
}

function json(v: unknown): string | null {
  return v === null || v === undefined ? null : JSON.stringify(v);
}
