/**
 * The client's sync (docs/sync.md): log in to the server with the key, push the outbox in batches of
 * signed requests, then pull changes after the stored cursor, one transaction per page with the cursor
 * advanced in the same transaction. Only pulled changes touch the replica; local-only tables (outbox,
 * drafts, print log) are never written by a pull.
 *
 * Outbox moves: pending → sending → acked only once the server's answer is stored (accepted or
 * duplicate — the request id is the idempotency key, so a resend after a timeout or a crash is answered
 * with the first result); a considered refusal (4xx) → failed with the server's message; a network
 * error → back to pending for the next round, which the schedule starts after an exponential, jittered
 * delay.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { ReplicaChange, ReplicaTable, Store } from '../db/index';
import type { Principal } from '../domain/api/auth';
import type { PushBody } from '../domain/api/requests';
import type { Change } from '../domain/api/sync';
import type { SignatureEnvelope } from '../domain/crypto/signature';
import type { SyncStatus } from '../domain/contract/views';
import { SYNC_PROTOCOL_VERSION } from '../domain/api/sync';
import { requestTitle } from '../domain/contract/request-checks';
import { HttpFailure, ServerConnection, type HttpOptions } from './connection';
import { backoffDelay } from './sync/backoff';
import { crashPoint } from './sync/crash-points';
import type { SignedContent } from './request-filing';

export type ServerPrincipal = Principal;
type PullChange = Change;

const ENTITY_TABLE: Record<string, { table: ReplicaTable; key: string }> = {
  bianban: { table: 'bianbans', key: 'id' },
  unit: { table: 'units', key: 'id' },
  division: { table: 'divisions', key: 'id' },
  ledgerEntry: { table: 'ledger_entries', key: 'id' },
  staff: { table: 'staff', key: 'id' },
  departedStaff: { table: 'departed_staff', key: 'id' },
  offEstablishment: { table: 'off_establishment', key: 'unitId' },
  request: { table: 'requests', key: 'id' },
  slip: { table: 'slips', key: 'number' },
};

/**
 * Server change → replica changes; none for entities the replica does not keep (certificates). An issued
 * form is kept whole (sealed, for printing offline) and, for notices, as the notice facts the lists show.
 */
export function toReplicaChanges(c: PullChange): ReplicaChange[] {
  if (c.entity === 'form') {
    const sealed: ReplicaChange =
      c.data === null || c.data === undefined
        ? { table: 'sealed_forms', op: 'delete', row: { number: c.id } }
        : ({ table: 'sealed_forms', op: 'upsert', row: c.data } as ReplicaChange);
    const notice = noticeOf(c);
    return notice ? [sealed, notice] : [sealed];
  }
  const target = ENTITY_TABLE[c.entity];
  if (!target) return [];
  if (c.data === null || c.data === undefined) return [{ table: target.table, op: 'delete', row: { [target.key]: c.id } } as ReplicaChange];
  return [{ table: target.table, op: 'upsert', row: c.data } as ReplicaChange];
}

/** Issued notices travel as sealed forms; the replica keeps the notice facts the screens list. */
function noticeOf(c: PullChange): ReplicaChange | null {
  const f = c.data as { number?: string; kind?: string; content?: Record<string, unknown> } | null;
  if (!f) return { table: 'notices', op: 'delete', row: { number: c.id } };
  if (f.kind !== 'enrollmentNotice' && f.kind !== 'departureNotice') return null;
  const x = f.content ?? {};
  return {
    table: 'notices',
    op: 'upsert',
    row: {
      number: String(f.number ?? c.id),
      kind: f.kind,
      requestId: String(x.requestId ?? ''),
      unitId: String(x.unitId ?? ''),
      staffId: String(x.staffId ?? ''),
      issuedOn: String(x.issuedOn ?? ''),
      slipNumber: typeof x.slipNumber === 'string' ? x.slipNumber : null,
      slotNo: typeof x.slotNo === 'number' ? x.slotNo : null,
    },
  };
}

export interface SyncDeps {
  store: Store;
  /** The client's connection to the server (shared with photos and the desks); else one is made from http, sign, certificatePem. */
  connection?: ServerConnection;
  http?: HttpOptions | null;
  sign?: (data: Uint8Array) => Promise<SignatureEnvelope>;
  certificatePem?: () => Promise<string | null>;
  canSign: () => boolean;
  log: Logger;
  /** Changes per pull page (server maximum 5,000). */
  pageSize?: number;
  /** Signed requests per push call (server maximum 100). */
  pushBatch?: number;
  /** Retry delays of the background schedule after a failed round. */
  backoff?: { baseMs: number; maxMs: number; random?: () => number };
  /** Protocol the client speaks; 1 = before the version field existed (kept for old clients' tests). */
  protocolVersion?: number;
}

export interface SyncEvents {
  state: [SyncStatus];
  progress: [{ phase: 'push' | 'pull' | 'snapshot'; done: number; total: number | null }];
  /** A pull wrote the replica, or the outbox moved. */
  applied: [{ replica: boolean; principal: ServerPrincipal | null }];
}

/**
 * A refusal the server considered (bad signature, vacancy gone…): sending it again cannot help. A protocol
 * mismatch is not about the request: it waits until the server or the client is updated.
 */
function isFinalRefusal(e: unknown): boolean {
  if (e instanceof HttpFailure && e.code.startsWith('SYNC_PROTOCOL_')) return false;
  return e instanceof HttpFailure && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 408 && e.status !== 429;
}

export class SyncClient extends EventEmitter<SyncEvents> {
  readonly connection: ServerConnection;
  private online: boolean | null = null;
  private running: Promise<void> | null = null;
  private lastError: string | null = null;
  private lastErrorCode: string | null = null;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private intervalMs: number | null = null;

  constructor(private readonly d: SyncDeps) {
    super();
    this.connection =
      d.connection ??
      new ServerConnection({
        http: d.http ?? null,
        sign: d.sign ?? (() => Promise.reject(new HttpFailure('没有可用于签名的密钥，无法登录编办服务器', 0, 'KEY'))),
        certificatePem: d.certificatePem ?? (async () => null),
      });
    // Items a crash left half-sent go back to the queue; the server answers a repeat with the first result.
    d.store.outbox.resetInterrupted();
  }

  get serverPrincipal(): ServerPrincipal | null {
    return this.connection.me;
  }

  /** Consecutive failed rounds (0 after a good one); drives the retry delay. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Adjusts page and batch sizes, retry delays, the per-call timeout or the protocol version (tests, benchmarks, settings). */
  tune(o: Partial<Pick<SyncDeps, 'pageSize' | 'pushBatch' | 'backoff' | 'protocolVersion'>> & { timeoutMs?: number }): void {
    const { timeoutMs, ...rest } = o;
    Object.assign(this.d, rest);
    this.connection.tune({ timeoutMs });
  }

  /** The key was pulled or the officer logged out: the server session goes with it. */
  forgetSession(): void {
    this.connection.forget();
  }

  /**
   * Background rounds every `intervalMs` while all is well; after a failure the next round comes after an
   * exponential, jittered delay (never later than the healthy interval), and a TLS failure (wrong server or CA — retrying cannot fix it) waits the
   * longest delay, so a misconfigured desktop never storms the server.
   */
  startSchedule(intervalMs = 30_000): void {
    this.stopSchedule();
    this.intervalMs = intervalMs;
    this.arm(intervalMs);
  }

  stopSchedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.intervalMs = null;
  }

  /** Delay before the next background round, from how the last one went. */
  private nextDelay(intervalMs: number): number {
    if (this.failures === 0) return intervalMs;
    const b = this.d.backoff ?? { baseMs: 2_000, maxMs: 5 * 60_000 };
    if (this.lastErrorCode === 'TLS' || this.lastErrorCode === 'CONFIG' || this.lastErrorCode === 'KEY') return b.maxMs;
    return Math.min(intervalMs, backoffDelay(this.failures, b));
  }

  private arm(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.d.canSign()) void this.syncNow().catch(() => undefined);
      else if (this.intervalMs !== null) this.arm(this.intervalMs);
    }, delayMs);
    this.timer.unref?.();
  }

  status(): SyncStatus {
    const cursor = this.d.store.local.getCursor();
    const counts = this.d.store.outbox.counts();
    const items = (['failed', 'pending', 'sending', 'acked'] as const).flatMap((s) => this.d.store.outbox.listByState(s));
    const staffName = (id: string) => this.d.store.staff.get(id)?.name ?? this.d.store.staff.getDeparted(id)?.name;
    items.sort((a, b) => (a.id < b.id ? 1 : -1));
    return {
      configured: this.connection.configured,
      online: this.online,
      running: this.running !== null,
      serverUrl: this.connection.options?.baseUrl ?? null,
      lastPullAt: cursor.lastPullAt,
      lastPushAt: cursor.lastPushAt,
      lastError: this.lastError,
      snapshot: { done: cursor.snapshotDone, total: cursor.snapshotTotal, complete: cursor.snapshotComplete },
      outbox: counts,
      items: items.slice(0, 100).map((i) => {
        const body = i.body as SignedContent;
        return {
          id: i.id,
          requestId: i.requestId,
          kind: body.kind,
          title: requestTitle(body.kind, body.payload, { staffName }),
          state: i.state,
          attempts: i.attempts,
          lastError: i.lastError,
          createdAt: i.createdAt,
          ackedAt: i.ackedAt,
        };
      }),
    };
  }

  /** One round: push, then pull. Concurrent callers share the round in progress. */
  syncNow(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.round().finally(() => {
      this.running = null;
      // Every round, background or 立即同步, sets when the next background one comes.
      if (this.intervalMs !== null) this.arm(this.nextDelay(this.intervalMs));
      this.emit('state', this.status());
    });
    this.emit('state', this.status());
    return this.running;
  }

  private async round(): Promise<void> {
    if (!this.connection.configured) {
      this.lastError = '未配置编办服务器地址，只能离线使用；申报将保存在本机待上传';
      return;
    }
    if (!this.d.canSign()) {
      this.lastError = '请先插入密钥并输入 PIN 码登录，才能与编办服务器同步';
      return;
    }
    try {
      if (!this.connection.loggedIn) await this.connection.login();
      this.online = true;
      await this.push();
      const wrote = await this.pull();
      this.online = true;
      this.lastError = null;
      this.lastErrorCode = null;
      this.failures = 0;
      this.emit('applied', { replica: wrote, principal: this.connection.me });
    } catch (e) {
      this.failures++;
      if (e instanceof HttpFailure && e.status === 401) this.connection.forget();
      this.online = e instanceof HttpFailure && e.offline ? false : this.online;
      this.lastError = e instanceof Error ? e.message : String(e);
      this.lastErrorCode = e instanceof HttpFailure ? e.code : null;
      this.d.log.warn({ err: this.lastError, code: this.lastErrorCode, detail: e instanceof HttpFailure ? e.detail : undefined, failures: this.failures }, 'sync round failed');
      throw e;
    }
  }

  /** Withdraws a request under review on the server, then pulls so the replica shows it withdrawn. */
  async withdraw(requestId: string, reason: string): Promise<void> {
    if (!this.connection.configured) throw new HttpFailure('未配置编办服务器地址，不能撤回已上传的申报', 0, 'CONFIG');
    await this.connection.call('requestWithdraw', { params: { id: requestId }, body: { reason } });
    await this.syncNow();
  }

  private async push(): Promise<void> {
    const outbox = this.d.store.outbox;
    const pendingTotal = outbox.counts().pending;
    let batchSize = Math.min(100, Math.max(1, this.d.pushBatch ?? 50));
    let done = 0;
    for (;;) {
      const batch = outbox.claimPending(batchSize);
      if (batch.length === 0) break;
      this.emit('progress', { phase: 'push', done, total: pendingTotal });
      crashPoint('before-send');
      let res: { results: { id: string; status: string }[] };
      try {
        const requests = batch.map((i) => ({ ...(i.body as SignedContent), signature: i.signature }) as PushBody['requests'][number]);
        res = await this.connection.call('syncPush', { body: { requests, ...this.versionField() } });
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        if (isFinalRefusal(e) && batch.length === 1) {
          outbox.markFailed(batch[0]!.id, msg);
          done++;
          continue;
        }
        // Back to the queue with the reason kept. A refused batch is re-sent one by one so the refusal lands
        // on the request it concerns; the ones the server already stored are answered as duplicates.
        for (const i of batch) {
          outbox.markFailed(i.id, msg);
          outbox.retry(i.id);
        }
        if (isFinalRefusal(e)) {
          batchSize = 1;
          continue;
        }
        throw e;
      }
      crashPoint('after-send-before-ack');
      const answered = new Set(res.results.map((r) => r.id));
      const at = new Date().toISOString();
      this.d.store.transaction(() => {
        for (const i of batch) {
          if (answered.has((i.body as SignedContent).id)) outbox.markAcked(i.id, at);
          else {
            outbox.markFailed(i.id, '服务器未确认此申报，将在下次同步时重新发送');
            outbox.retry(i.id);
          }
        }
        this.d.store.local.updateCursor({ lastPushAt: at });
      });
      done += batch.length;
      this.emit('applied', { replica: false, principal: this.connection.me });
    }
    if (done > 0) this.emit('progress', { phase: 'push', done, total: pendingTotal });
  }

  /** Returns whether anything was written. */
  private async pull(): Promise<boolean> {
    const store = this.d.store;
    const start = store.local.getCursor();
    let cursor = Number(start.cursor ?? 0);
    // The snapshot lasts until its last page is in, even across a crash or a lost link: a resumed first
    // sync keeps counting towards the total the first page gave.
    const firstSync = cursor === 0 || !start.snapshotComplete;
    let wrote = false;
    for (;;) {
      const page = await this.connection.call('syncPull', { query: { after: cursor, limit: this.d.pageSize ?? 2000, ...this.versionField() } });
      crashPoint('mid-pull-page');
      const changes = page.changes.flatMap(toReplicaChanges);
      const before = store.local.getCursor();
      const total = firstSync ? (page.total ?? before.snapshotTotal) : before.snapshotTotal;
      const done = firstSync ? before.snapshotDone + page.changes.length : before.snapshotDone;
      // The page and the cursor that says "applied up to here" commit together or not at all.
      store.transaction(() => {
        store.applyChanges(changes);
        crashPoint('after-page-before-cursor');
        store.local.updateCursor({
          cursor: String(page.cursor),
          lastPullAt: new Date().toISOString(),
          ...(firstSync ? { snapshotTotal: total ?? null, snapshotDone: done, snapshotComplete: !page.hasMore } : {}),
        });
      });
      if (page.changes.length > 0) wrote = true;
      this.emit('progress', { phase: firstSync ? 'snapshot' : 'pull', done: firstSync ? done : page.changes.length, total: firstSync ? (total ?? null) : null });
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    return wrote;
  }

  /** The protocol this client speaks, named on push and pull from protocol 2 on (version 1 sent none). */
  private versionField(): { protocolVersion?: number } {
    const version = this.d.protocolVersion ?? SYNC_PROTOCOL_VERSION;
    return version >= 2 ? { protocolVersion: version } : {};
  }
}
