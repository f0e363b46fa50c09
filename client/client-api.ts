/**
 * `createClient()` assembles the client services — replica, key gate, request filing, sync, printing —
 * and answers the contract with one handler map, composed from per-area slices (client/handlers/*,
 * print-port.ts, reviewer/reviewer-handlers.ts) and checked complete against the contract. The same object runs in Electron's main process
 * (electron/ipc.ts) and in the browser-mode host (client/browser-host.ts); `call()` is the only way
 * in, and it checks the request against the contract, refuses data channels while the key is locked,
 * and turns every failure into an ApiError with a Chinese message.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { openReplica, type Store } from '../db/index';
import { PUBLIC_CHANNELS, type Channel, type ClientApiHandlers, type RequestOf, type ResponseOf } from '../domain/contract/channels';
import { checkRequest, checkResponse, checkEvent, assertChannel } from '../domain/contract/check';
import { ApiError } from '../domain/contract/errors';
import type { EventName, EventOf } from '../domain/contract/events';
import { todayOf } from '../domain/validation/calendar';
import { KeyError } from '../native/key-errors';
import type { KeyIdentity } from '../native/key-types';
import type { ResubmitBody } from '../domain/api/requests';
import { HttpFailure, ServerConnection } from './connection';
import { KeyGate, type KeySource } from './key-gate';
import { RequestFiling } from './request-filing';
import { SyncClient } from './sync-client';
import { createPrintService, type PrintService } from './print/index';
import { printHandlers, type NativePrinter } from './print-port';
import { PhotoService } from './photos/photo-service';
import { reviewerHandlers } from './reviewer/reviewer-handlers';
import type { ChangedArea, ClientContext } from './handlers/context';
import { CurrentUnit } from './handlers/current-unit';
import { keyHandlers } from './handlers/key';
import { photoHandlers } from './handlers/photos';
import { replicaHandlers } from './handlers/replica';
import { requestHandlers } from './handlers/requests';
import { syncHandlers } from './handlers/sync';

export interface ClientOptions {
  dataDir: string;
  mode: 'electron' | 'browser';
  keySource: KeySource;
  server?: { url: string; caPem?: string | null; allowPlainHttp?: boolean } | null;
  now?: () => Date;
  log?: Logger;
  demo?: boolean;
  version?: string;
  /** Background sync period; 0 disables the schedule (tests drive sync:now). */
  syncIntervalMs?: number;
  /** The print service; by default one over the replica (false: none, e.g. benchmarks). */
  print?: ((store: Store) => PrintService) | false;
  /** Electron's printers and save dialog (electron/native-print.ts); absent in browser mode. */
  nativePrint?: NativePrinter | null;
}

export type EventListener = <E extends EventName>(event: E, payload: EventOf<E>) => void;

export interface Client {
  readonly store: Store;
  readonly gate: KeyGate;
  readonly sync: SyncClient;
  readonly handlers: ClientApiHandlers;
  /** Checked dispatch: the request is validated, the lock enforced, errors become ApiErrors. */
  call(channel: unknown, payload: unknown): Promise<unknown>;
  onEvent(listener: EventListener): () => void;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Business dates are China Standard Time calendar dates, as on the server (one rule, in domain/). */
export { todayOf };

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof KeyError) return new ApiError('KEY', e.message, undefined, e.code);
  if (e instanceof HttpFailure) {
    const field = e.field?.replace(/^payload\./, '');
    if (e.offline) return new ApiError('OFFLINE', e.message);
    return new ApiError(e.status === 409 ? 'CONFLICT' : e.status === 422 || e.status === 400 ? 'VALIDATION' : 'SERVER', e.message, field);
  }
  const msg = e instanceof Error ? e.message : String(e);
  return new ApiError('INTERNAL', /[\u4e00-\u9fff]/.test(msg) ? msg : `程序内部错误，请重试；如反复出现请联系技术支持（${msg.slice(0, 200)}）`);
}

export function createClient(opts: ClientOptions): Client {
  const log = opts.log ?? pino({ name: 'client', level: process.env.EBZ_LOG_LEVEL ?? 'info' });
  mkdirSync(opts.dataDir, { recursive: true });
  const store = openReplica(join(opts.dataDir, 'replica.sqlite'));
  const now = opts.now ?? (() => new Date());
  const today = () => todayOf(now());
  const listeners = new Set<EventListener>();
  const emit = <E extends EventName>(event: E, payload: EventOf<E>) => {
    checkEvent(event, payload);
    for (const l of listeners) l(event, payload);
  };

  const resolveUnit = (identity: KeyIdentity): string | null => {
    const principal = sync?.serverPrincipal;
    if (principal?.unitId && store.units.get(principal.unitId)) return principal.unitId;
    if (!identity.creditCode) return null;
    return store.units.listAll().find((u) => u.creditCode === identity.creditCode && !u.abolished)?.id ?? null;
  };
  const gate = new KeyGate(opts.keySource, resolveUnit, log.child({ component: 'key-gate' }));

  // One connection to the server for the whole client: sync, photos, resubmit and the reviewer's desks.
  const session = new ServerConnection({
    http: opts.server ? { baseUrl: opts.server.url, caPem: opts.server.caPem, allowPlainHttp: opts.server.allowPlainHttp } : null,
    sign: (data) => gate.sign(data, false),
    certificatePem: () => gate.certificatePem(),
  });
  const sync: SyncClient = new SyncClient({
    store,
    connection: session,
    canSign: () => gate.loggedIn,
    log: log.child({ component: 'sync' }),
  });

  const photos = new PhotoService({ store, session, canSign: () => gate.loggedIn, log: log.child({ component: 'photos' }) });

  let print: PrintService | null = null;
  function printService(): PrintService | null {
    if (opts.print === false) return null;
    print ??= opts.print
      ? opts.print(store)
      : createPrintService({
          store,
          seals: (number) => store.sealedForms.get(number),
          trustedCertificates: () => (opts.server?.caPem ? [opts.server.caPem] : []),
          verifyBaseUrl: `${opts.server?.url ?? 'https://bianban.invalid'}/verify`,
          now,
          log: log.child({ component: 'print' }),
        });
    return print;
  }

  const unit: CurrentUnit = new CurrentUnit({ store, gate, today, departureFiled: () => filing.departureFiled(), log });
  const filing = new RequestFiling({
    store,
    view: unit.current,
    unitId: unit.unitId,
    today,
    now,
    sign: (data) => gate.sign(data, false),
    resubmitRemote: opts.server
      ? async (id, body) => {
          await photos.uploadPending();
          await session.call('requestResubmit', { params: { id }, body: body as ResubmitBody });
          await sync.syncNow().catch(() => undefined);
        }
      : undefined,
  });
  const changed = (...areas: ChangedArea[]) => emit('data:changed', { areas });

  /**
   * While the officer types the PIN, read the unit named by the key's certificate into memory, so the
   * home screen is ready the moment the PIN is accepted. Nothing is served before login.
   */
  const preload = () => {
    setTimeout(() => {
      void gate.peekIdentity().then((identity) => {
        const id = identity ? resolveUnit(identity) : null;
        if (!id || gate.loggedIn) return;
        unit.warm(id);
      });
    }, 0);
  };
  gate.on('inserted', (e) => {
    emit('key:inserted', e);
    preload();
  });
  gate.on('removed', () => emit('key:removed', {}));
  gate.on('locked', (e) => {
    sync.forgetSession();
    session.forget();
    emit('key:locked', e);
  });
  gate.on('unlocked', () => {
    if (opts.server) void sync.syncNow().catch(() => undefined);
  });
  sync.on('state', (s) => emit('sync:state', s));
  sync.on('progress', (p) => emit('sync:progress', p));
  sync.on('applied', ({ replica, principal }) => {
    if (replica) unit.invalidate();
    if (gate.loggedIn && !gate.currentUnitId) {
      const id = principal?.unitId && store.units.get(principal.unitId) ? principal.unitId : gate.identity ? resolveUnit(gate.identity) : null;
      if (id) gate.setUnit(id);
    }
    changed(...(replica ? (['replica', 'requests'] as const) : (['requests'] as const)));
  });

  const pushSoon = () => {
    // Photos first: the person card on the reviewer's side can show the photo as soon as the request arrives.
    if (opts.server && gate.loggedIn) void photos.uploadPending().finally(() => sync.syncNow().catch(() => undefined));
  };

  const ctx: ClientContext = { store, gate, sync, photos, filing, unit, now, today, changed, pushSoon };
  const handlers = {
    ...keyHandlers({
      gate,
      appInfo: () => ({ mode: opts.mode, version: opts.version ?? '0.1.0', today: today(), demo: opts.demo === true, serverUrl: opts.server?.url ?? null }),
    }),
    ...replicaHandlers(ctx),
    ...requestHandlers(ctx),
    ...photoHandlers(ctx),
    ...syncHandlers(ctx),
    ...printHandlers(printService, { store, unitId: unit.unitId, holder: () => gate.identity?.holderName ?? '', onPrinted: () => changed('prints'), native: opts.nativePrint ?? null }),
    ...reviewerHandlers({ gate, store, connection: session, http: opts.server ? { baseUrl: opts.server.url, caPem: opts.server.caPem, allowPlainHttp: opts.server.allowPlainHttp } : null, now, log, refresh: () => sync.syncNow() }),
  } satisfies ClientApiHandlers;

  return {
    store,
    gate,
    sync,
    handlers,
    async call(channel: unknown, payload: unknown): Promise<unknown> {
      try {
        const ch = assertChannel(channel);
        const req = checkRequest(ch, payload);
        if (!PUBLIC_CHANNELS.has(ch) && !gate.loggedIn) throw new ApiError('LOCKED', '请先插入电子编制管理证并输入 PIN 码登录。');
        const res = await (handlers[ch] as (r: RequestOf<Channel>) => Promise<ResponseOf<Channel>>)(req);
        return checkResponse(ch, res);
      } catch (e) {
        const err = toApiError(e);
        if (err.code === 'INTERNAL') log.error({ channel: typeof channel === 'string' ? channel : '?', err: e instanceof Error ? e.stack : String(e) }, 'handler failed');
        throw err;
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      await gate.start();
      preload();
      if (opts.server && (opts.syncIntervalMs ?? 30_000) > 0) sync.startSchedule(opts.syncIntervalMs ?? 30_000);
    },
    async close() {
      sync.stopSchedule();
      gate.stop();
      await print?.close();
      store.close();
    },
  };
}
