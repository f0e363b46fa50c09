import type { Database } from 'better-sqlite3';
import type { SignatureEnvelope } from '../domain/crypto/signature';
import { fromJson, toJson } from './rows';
import { uuidv7 } from './uuid-v7';

export const OUTBOX_STATES = ['pending', 'sending', 'acked', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** One signed request waiting to be pushed. `id` is the push's idempotency key. */
export interface OutboxItem {
  id: string;
  requestId: string;
  /** The request exactly as signed (its canonical JSON is what `signature` covers). */
  body: unknown;
  signature: SignatureEnvelope;
  state: OutboxState;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  ackedAt: string | null;
}

export interface NewOutboxItem {
  requestId: string;
  body: unknown;
  signature: SignatureEnvelope;
  /** Defaults to a fresh UUIDv7. */
  id?: string;
  createdAt?: string;
}

interface OutboxRow {
  id: string;
  request_id: string;
  body: string;
  signature: string;
  state: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
  acked_at: string | null;
}

const STATE_LABELS: Record<OutboxState, string> = { pending: '待发送', sending: '发送中', acked: '已送达', failed: '发送失败' };

export class OutboxTransitionError extends Error {
  constructor(id: string, from: OutboxState | null, to: OutboxState) {
    super(
      from === null
        ? `待发送队列中没有编号为 ${id} 的记录，无法改为「${STATE_LABELS[to]}」`
        : `待发送记录 ${id} 当前为「${STATE_LABELS[from]}」，不能改为「${STATE_LABELS[to]}」`,
    );
    this.name = 'OutboxTransitionError';
  }
}

function toItem(r: OutboxRow): OutboxItem {
  return {
    id: r.id,
    requestId: r.request_id,
    body: fromJson(r.body),
    signature: fromJson(r.signature),
    state: r.state as OutboxState,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    ackedAt: r.acked_at,
  };
}

function prepare(db: Database) {
  return {
    get: db.prepare('SELECT * FROM outbox WHERE id = ?'),
    insert: db.prepare(`
      INSERT INTO outbox (id, request_id, body, signature, state, attempts, created_at)
      VALUES (@id, @requestId, @body, @signature, 'pending', 0, @createdAt)`),
    // UUIDv7 ids sort by creation time, so "ORDER BY id" is submission order.
    byState: db.prepare('SELECT * FROM outbox WHERE state = ? ORDER BY id'),
    byRequest: db.prepare('SELECT * FROM outbox WHERE request_id = ? ORDER BY id'),
    pending: db.prepare("SELECT * FROM outbox WHERE state = 'pending' ORDER BY id LIMIT ?"),
    counts: db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state'),
    toSending: db.prepare("UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ? AND state = 'pending'"),
    toAcked: db.prepare("UPDATE outbox SET state = 'acked', acked_at = ?, last_error = NULL WHERE id = ? AND state = 'sending'"),
    toFailed: db.prepare("UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ? AND state = 'sending'"),
    toPending: db.prepare("UPDATE outbox SET state = 'pending' WHERE id = ? AND state = 'failed'"),
    interrupted: db.prepare("UPDATE outbox SET state = 'pending' WHERE state = 'sending'"),
    purge: db.prepare("DELETE FROM outbox WHERE state = 'acked' AND acked_at < ?"),
    cancel: db.prepare("DELETE FROM outbox WHERE request_id = ? AND state = 'pending'"),
  };
}

/**
 * 待发送队列. States: pending → sending → acked, or sending → failed → (retry) pending.
 * Nothing else is allowed; a wrong move throws rather than silently doing nothing.
 */
export class OutboxRepository {
  private readonly s: ReturnType<typeof prepare>;

  constructor(private readonly db: Database) {
    this.s = prepare(db);
  }

  enqueue(item: NewOutboxItem): OutboxItem {
    const id = item.id ?? uuidv7();
    this.s.insert.run({
      id,
      requestId: item.requestId,
      body: toJson(item.body),
      signature: toJson(item.signature),
      createdAt: item.createdAt ?? new Date().toISOString(),
    });
    return this.get(id)!;
  }

  get(id: string): OutboxItem | null {
    const r = this.s.get.get(id) as OutboxRow | undefined;
    return r ? toItem(r) : null;
  }

  listByState(state: OutboxState): OutboxItem[] {
    return (this.s.byState.all(state) as OutboxRow[]).map(toItem);
  }

  listByRequest(requestId: string): OutboxItem[] {
    return (this.s.byRequest.all(requestId) as OutboxRow[]).map(toItem);
  }

  counts(): Record<OutboxState, number> {
    const out: Record<OutboxState, number> = { pending: 0, sending: 0, acked: 0, failed: 0 };
    for (const r of this.s.counts.all() as { state: OutboxState; n: number }[]) out[r.state] = r.n;
    return out;
  }

  /** Takes up to `limit` pending items, oldest first, and marks them sending (one attempt each). */
  claimPending(limit: number): OutboxItem[] {
    return this.db.transaction(() => {
      const rows = this.s.pending.all(limit) as OutboxRow[];
      for (const r of rows) this.s.toSending.run(r.id);
      return rows.map((r) => this.get(r.id)!);
    }).immediate();
  }

  markSending(id: string): void {
    this.move(id, 'sending', () => this.s.toSending.run(id).changes);
  }

  markAcked(id: string, at: string = new Date().toISOString()): void {
    this.move(id, 'acked', () => this.s.toAcked.run(at, id).changes);
  }

  markFailed(id: string, error: string): void {
    this.move(id, 'failed', () => this.s.toFailed.run(error, id).changes);
  }

  /** A failed item goes back to the queue; its attempts and last error are kept. */
  retry(id: string): void {
    this.move(id, 'pending', () => this.s.toPending.run(id).changes);
  }

  /**
   * At start-up: items left "sending" by a crash go back to pending. Sending them again is safe
   * because the server answers a repeated id with the first result.
   */
  resetInterrupted(): number {
    return this.s.interrupted.run().changes;
  }

  /**
   * The officer cancels a request that is still waiting (待上传): its pending rows are deleted. A row
   * being sent may already have reached the server, so 'sending' (and acked / failed) rows are never
   * cancelled here: that throws, and the request is withdrawn through the server once it is there.
   */
  cancel(requestId: string): number {
    return this.db.transaction(() => {
      const rows = this.listByRequest(requestId);
      const blocking = rows.find((r) => r.state !== 'pending');
      if (rows.length === 0) throw new OutboxTransitionError(requestId, null, 'pending');
      if (blocking) {
        throw new Error(
          blocking.state === 'sending'
            ? `申报 ${requestId} 正在上传，不能取消；上传完成后可在“我的申报”中撤回`
            : `申报 ${requestId} 已${blocking.state === 'acked' ? '送达编办' : '上传失败（已被编办退回）'}，不能在本机取消`,
        );
      }
      return this.s.cancel.run(requestId).changes;
    }).immediate();
  }

  /** Forgets acknowledged items older than `before` (ISO instant); returns how many. */
  purgeAcked(before: string): number {
    return this.s.purge.run(before).changes;
  }

  private move(id: string, to: OutboxState, update: () => number): void {
    if (update() === 1) return;
    throw new OutboxTransitionError(id, this.get(id)?.state ?? null, to);
  }
}
