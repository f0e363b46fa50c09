/**
 * The minimal sync client (issue 7 hardens it): log in to the server with the key, push the outbox
 * one signed request at a time, then pull changes after the stored cursor, one transaction per page
 * with the cursor advanced in the same transaction. Only pulled changes touch the replica.
 *
 * Outbox moves: pending → sending → acked on the server's answer (accepted or duplicate — the request
 * id is the idempotency key); a refusal (4xx) → failed with the server's message; a network error →
 * back to pending for the next round.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { ReplicaChange, ReplicaTable, Store } from '../db/index';
import { canonicalJson } from '../domain/crypto/canonical-json';
import type { SignatureEnvelope } from '../domain/crypto/signature';
import type { SyncStatus } from '../domain/contract/views';
import { requestTitle } from '../domain/contract/request-checks';
import { HttpFailure, requestJson, type HttpOptions } from './http-client';
import type { SignedContent } from './request-filing';

export interface ServerPrincipal {
  certSerial: string;
  role: 'unit' | 'reviewer';
  unitId: string | null;
  bianbanId: string | null;
  holderName: string;
}

interface PullChange {
  seq: number;
  entity: string;
  id: string;
  data: unknown;
}

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
  http: HttpOptions | null;
  sign: (data: Uint8Array) => Promise<SignatureEnvelope>;
  certificatePem: () => Promise<string | null>;
  canSign: () => boolean;
  log: Logger;
  pageSize?: number;
}

export interface SyncEvents {
  state: [SyncStatus];
  progress: [{ phase: 'push' | 'pull' | 'snapshot'; done: number; total: number | null }];
  /** A pull wrote the replica, or the outbox moved. */
  applied: [{ replica: boolean; principal: ServerPrincipal | null }];
}

export class SyncClient extends EventEmitter<SyncEvents> {
  private token: string | null = null;
  private principal: ServerPrincipal | null = null;
  private online: boolean | null = null;
  private running: Promise<void> | null = null;
  private lastError: string | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly d: SyncDeps) {
    super();
    // Items a crash left half-sent go back to the queue; the server answers a repeat with the first result.
    d.store.outbox.resetInterrupted();
  }

  get serverPrincipal(): ServerPrincipal | null {
    return this.principal;
  }

  /** The key was pulled or the officer logged out: the server session goes with it. */
  forgetSession(): void {
    this.token = null;
    this.principal = null;
  }

  startSchedule(intervalMs = 30_000): void {
    this.stopSchedule();
    const tick = () => {
      if (this.d.canSign()) void this.syncNow().catch(() => undefined);
      this.timer = setTimeout(tick, intervalMs);
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  stopSchedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  status(): SyncStatus {
    const cursor = this.d.store.local.getCursor();
    const counts = this.d.store.outbox.counts();
    const items = (['failed', 'pending', 'sending', 'acked'] as const).flatMap((s) => this.d.store.outbox.listByState(s));
    const staffName = (id: string) => this.d.store.staff.get(id)?.name ?? this.d.store.staff.getDeparted(id)?.name;
    items.sort((a, b) => (a.id < b.id ? 1 : -1));
    return {
      configured: this.d.http !== null,
      online: this.online,
      running: this.running !== null,
      serverUrl: this.d.http?.baseUrl ?? null,
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
      this.emit('state', this.status());
    });
    this.emit('state', this.status());
    return this.running;
  }

  private async round(): Promise<void> {
    const http = this.d.http;
    if (!http) {
      this.lastError = '未配置编办服务器地址，只能离线使用；申报将保存在本机待上传';
      return;
    }
    if (!this.d.canSign()) {
      this.lastError = '请先插入密钥并输入 PIN 码登录，才能与编办服务器同步';
      return;
    }
    try {
      if (!this.token) await this.login(http);
      await this.push(http);
      const wrote = await this.pull(http);
      this.online = true;
      this.lastError = null;
      this.emit('applied', { replica: wrote, principal: this.principal });
    } catch (e) {
      if (e instanceof HttpFailure && e.status === 401) this.token = null;
      this.online = e instanceof HttpFailure && e.offline ? false : this.online;
      this.lastError = e instanceof Error ? e.message : String(e);
      this.d.log.warn({ err: this.lastError, detail: e instanceof HttpFailure ? e.detail : undefined }, 'sync round failed');
      throw e;
    }
  }

  /** Withdraws a request under review on the server, then pulls so the replica shows it withdrawn. */
  async withdraw(requestId: string, reason: string): Promise<void> {
    const http = this.d.http;
    if (!http) throw new HttpFailure('未配置编办服务器地址，不能撤回已上传的申报', 0, 'CONFIG');
    if (!this.token) await this.login(http);
    await requestJson(http, 'POST', `/api/v1/requests/${encodeURIComponent(requestId)}/withdraw`, { reason }, this.token);
    await this.syncNow();
  }

  private async login(http: HttpOptions): Promise<void> {
    const certificate = await this.d.certificatePem();
    if (!certificate) throw new HttpFailure('密钥中没有证书，无法登录编办服务器', 0, 'KEY');
    const { challenge } = await requestJson<{ challenge: string }>(http, 'POST', '/api/v1/auth/challenge', {});
    const signature = await this.d.sign(new TextEncoder().encode(canonicalJson({ challenge, purpose: 'login' })));
    const res = await requestJson<{ token: string; principal: ServerPrincipal }>(http, 'POST', '/api/v1/auth/login', { certificate, challenge, signature });
    this.token = res.token;
    this.principal = res.principal;
    this.online = true;
  }

  private async push(http: HttpOptions): Promise<void> {
    const pendingTotal = this.d.store.outbox.counts().pending;
    let done = 0;
    for (;;) {
      const [item] = this.d.store.outbox.claimPending(1);
      if (!item) break;
      this.emit('progress', { phase: 'push', done, total: pendingTotal });
      try {
        await requestJson(http, 'POST', '/api/v1/sync/push', { requests: [{ ...(item.body as SignedContent), signature: item.signature }] }, this.token);
        this.d.store.outbox.markAcked(item.id);
        this.d.store.local.updateCursor({ lastPushAt: new Date().toISOString() });
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        this.d.store.outbox.markFailed(item.id, msg);
        // Only the server's considered refusal is final; anything else is tried again next round.
        const final = e instanceof HttpFailure && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 408 && e.status !== 429;
        if (!final) {
          this.d.store.outbox.retry(item.id);
          throw e;
        }
      }
      done++;
      this.emit('applied', { replica: false, principal: this.principal });
    }
    if (done > 0) this.emit('progress', { phase: 'push', done, total: pendingTotal });
  }

  /** Returns whether anything was written. */
  private async pull(http: HttpOptions): Promise<boolean> {
    const store = this.d.store;
    let cursor = Number(store.local.getCursor().cursor ?? 0);
    const firstSync = cursor === 0;
    let wrote = false;
    for (;;) {
      const page = await requestJson<{ changes: PullChange[]; cursor: number; hasMore: boolean; total?: number }>(
        http,
        'GET',
        `/api/v1/sync/pull?after=${cursor}&limit=${this.d.pageSize ?? 1000}`,
        undefined,
        this.token,
      );
      const changes = page.changes.flatMap(toReplicaChanges);
      const before = store.local.getCursor();
      const total = firstSync ? (page.total ?? before.snapshotTotal) : before.snapshotTotal;
      const done = firstSync ? before.snapshotDone + page.changes.length : before.snapshotDone;
      store.applyChanges(changes, {
        cursor: {
          cursor: String(page.cursor),
          lastPullAt: new Date().toISOString(),
          ...(firstSync ? { snapshotTotal: total ?? null, snapshotDone: done, snapshotComplete: !page.hasMore } : {}),
        },
      });
      if (page.changes.length > 0) wrote = true;
      this.emit('progress', { phase: firstSync ? 'snapshot' : 'pull', done: firstSync ? done : page.changes.length, total: firstSync ? (total ?? null) : null });
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    return wrote;
  }
}
