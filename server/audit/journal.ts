/**
 * Every state change goes through a Journal inside its transaction: one audit record (hash-chained) and
 * one change-log row per touched entity (for sync). Both take one advisory lock, held to commit, so the
 * audit chain has no forks and change sequence numbers become visible in the order they were assigned —
 * a pulling client can never skip a change that commits later with a smaller number.
 */
import type { SignatureEnvelope } from '../../domain/crypto/signature';
import type { Queryable } from '../db/database';
import { insertAuditRecord, lastAuditLink, takeJournalLock } from '../repositories/audit-repository';
import { replaceChange } from '../repositories/change-repository';
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
    await takeJournalLock(this.tx, JOURNAL_LOCK);
    this.locked = true;
  }

  async audit(e: AuditInput): Promise<AuditRecord & { hash: string }> {
    await this.lock();
    const last = await lastAuditLink(this.tx);
    const rec: AuditRecord = {
      seq: (last?.seq ?? 0) + 1,
      at: this.now().toISOString(),
      actor: e.actor,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId,
      beforeDigest: digestOf(e.before),
      afterDigest: digestOf(e.after),
      signature: e.signature ?? null,
      detail: e.detail ?? null,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const hash = auditHash(rec);
    await insertAuditRecord(this.tx, rec, hash);
    return { ...rec, hash };
  }

  /** Records the entity's new full state for sync; older versions of the same entity leave the log. */
  async change(c: ChangeInput): Promise<void> {
    await this.lock();
    await replaceChange(this.tx, c, this.now().toISOString());
  }
}
