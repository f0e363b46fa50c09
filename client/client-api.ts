/**
 * `createClient()` assembles the client services — replica, key gate, request filing, sync, printing —
 * and answers the contract with one handler map. The same object runs in Electron's main process
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
import { HttpFailure } from './http-client';
import { KeyGate, type KeySource } from './key-gate';
import { alarmCounts, alarmViews, departedPage, ledgerView, slipViews, staffCard, statsView, StaffLists, summaryView, unitBrief, unitInfo, unitNodes } from './queries';
import { ReplicaView } from './replica-view';
import { RequestFiling } from './request-filing';
import { staffWorkbook } from './staff-export';
import { SyncClient } from './sync-client';
import { createPrintService, type PrintService } from './print/index';
import { printHandlers, type NativePrinter } from './print-port';
import { PhotoService } from './photos/photo-service';
import { ServerSession } from './photos/server-session';
import { reviewerHandlers } from './reviewer/reviewer-handlers';

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

  const sync: SyncClient = new SyncClient({
    store,
    http: opts.server ? { baseUrl: opts.server.url, caPem: opts.server.caPem, allowPlainHttp: opts.server.allowPlainHttp } : null,
    sign: (data) => gate.sign(data, false),
    certificatePem: () => gate.certificatePem(),
    canSign: () => gate.loggedIn,
    log: log.child({ component: 'sync' }),
  });

  const session = new ServerSession({
    http: opts.server ? { baseUrl: opts.server.url, caPem: opts.server.caPem, allowPlainHttp: opts.server.allowPlainHttp } : null,
    sign: (data) => gate.sign(data, false),
    certificatePem: () => gate.certificatePem(),
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

  let view: ReplicaView | null = null;
  let lists: StaffLists | null = null;
  const unitId = (): string => {
    const id = gate.currentUnitId;
    if (!id) {
      throw new ApiError(
        'NOT_FOUND',
        gate.loggedIn
          ? '本机还没有本单位的数据。请连接编办服务器，在“同步”页点击“立即同步”下载本单位数据。'
          : '请先插入电子编制管理证并输入 PIN 码登录。',
      );
    }
    return id;
  };
  const currentView = (): ReplicaView => {
    const id = unitId();
    if (!view || view.unitId !== id) {
      view = new ReplicaView(store, id, today);
      lists = new StaffLists(view);
    }
    return view;
  };
  const staffLists = (): StaffLists => {
    currentView();
    return lists!;
  };
  // Alarms over tens of thousands of staff take a while; they only change with the replica or the filed departures.
  let alarmMemo: { key: string; alarms: ReturnType<typeof alarmViews> } | null = null;
  const allAlarms = () => {
    const v = currentView();
    const filed = filing.departureFiled();
    const key = `${v.unitId}|${v.currentVersion}|${today()}|${[...filed].sort().join(',')}`;
    if (alarmMemo?.key !== key) alarmMemo = { key, alarms: alarmViews(v, filed, today()) };
    return alarmMemo.alarms;
  };
  const filing = new RequestFiling({
    store,
    view: currentView,
    unitId,
    today,
    now,
    sign: (data) => gate.sign(data, false),
    resubmitRemote: opts.server
      ? async (id, body) => {
          await photos.uploadPending();
          await session.json('POST', `/api/v1/requests/${encodeURIComponent(id)}/resubmit`, body);
          await sync.syncNow().catch(() => undefined);
        }
      : undefined,
  });
  const changed = (...areas: ('replica' | 'requests' | 'drafts' | 'prints')[]) => emit('data:changed', { areas });

  /**
   * While the officer types the PIN, read the unit named by the key's certificate into memory, so the
   * home screen is ready the moment the PIN is accepted. Nothing is served before login.
   */
  const preload = () => {
    setTimeout(() => {
      void gate.peekIdentity().then((identity) => {
        const id = identity ? resolveUnit(identity) : null;
        if (!id || gate.loggedIn) return;
        try {
          if (!view || view.unitId !== id) {
            view = new ReplicaView(store, id, today);
            lists = new StaffLists(view);
          }
          view.scope();
          // The staff list's default order (by name, pinyin collation) is the slowest first answer.
          lists!.all({ scope: 'subtree' });
        } catch (e) {
          log.debug({ err: e instanceof Error ? e.message : String(e) }, 'preload skipped');
        }
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
    if (replica) view?.invalidate();
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

  const handlers: ClientApiHandlers = {
    'app:info': async () => ({ mode: opts.mode, version: opts.version ?? '0.1.0', today: today(), demo: opts.demo === true, serverUrl: opts.server?.url ?? null }),
    'key:status': async () => gate.status(),
    'key:login': async ({ pin }) => {
      await gate.login(pin);
      return gate.status();
    },
    'key:logout': async () => {
      await gate.logout();
      return gate.status();
    },

    'home:summary': async () => {
      const v = currentView();
      const d = v.scope();
      const requests = filing.list();
      const alarms = allAlarms();
      const own = d.summaries.get(d.unit.id)!;
      return {
        unit: unitBrief(d.unit),
        today: today(),
        subordinateCount: d.units.length - 1,
        own: summaryView(own),
        subtree: summaryView(v.summaryOf(d.units.map((u) => u.id))),
        openRequests: {
          total: requests.filter((r) => r.localState !== null || ['submitted', 'supervisorReview', 'bianbanReview', 'returned'].includes(r.state)).length,
          waitingUpload: requests.filter((r) => r.localState !== null).length,
          returned: requests.filter((r) => r.state === 'returned').length,
        },
        alarms: alarmCounts(alarms),
        lastSyncAt: store.local.getCursor().lastPullAt,
        staffCount: d.staff.length,
        departedCount: v.departedStaff().length,
        offEstablishment: d.units.reduce((n, u) => n + store.units.getOffEstablishment(u.id).count, 0),
      };
    },
    'unit:info': async ({ unitId: id }) => unitInfo(store, currentView(), id),
    'unit:tree': async () => unitNodes(currentView()),
    'ledger:list': async ({ scope, unitId: id }) => ledgerView(currentView(), scope, id),

    'staff:list': async (q) => staffLists().page(q, today()),
    'staff:search': async ({ text, limit }) => staffLists().search(text, limit ?? 20, today()),
    'staff:get': async ({ id }) => {
      const card = staffCard(store, currentView(), id, today(), null);
      if (!card) throw new ApiError('NOT_FOUND', '没有找到该人员，可能已出编或不属于本单位');
      return { ...card, photo: await photos.forStaff(id) };
    },
    'staff:export': async (q) => {
      const v = currentView();
      const rows = staffLists().all(q);
      const d = v.scope();
      const title = `${d.unit.name}实有人员名册（${today()}）`;
      const buf = await staffWorkbook(rows, { unit: (id) => v.unitName(id), division: (id) => d.divisionName.get(id) ?? '' }, title);
      return { fileName: `${title}.xlsx`, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', base64: buf.toString('base64'), rows: rows.length };
    },
    'departed:list': async (q) => departedPage(currentView(), q),

    'requests:list': async () => filing.list(),
    'requests:get': async ({ id }) => filing.get(id),
    'requests:drafts': async () => filing.drafts(),
    'requests:saveDraft': async ({ id, kind, payload }) => {
      const d = filing.saveDraft(kind, payload, id);
      changed('drafts');
      return d;
    },
    'requests:deleteDraft': async ({ id }) => {
      filing.deleteDraft(id);
      changed('drafts');
      return { ok: true as const };
    },
    'requests:check': async ({ kind, payload }) => ({ errors: filing.check(kind, payload), warnings: [] }),
    'requests:submit': async (req) => {
      const item = await filing.submit(req.kind, req.payload as never, req.draftId);
      changed('requests', 'drafts');
      pushSoon();
      return item;
    },
    'requests:withdraw': async ({ id, reason }) => {
      const item = filing.get(id);
      if (item.localState !== null) {
        throw new ApiError('CONFLICT', '该申报还在本机待上传，尚未到达编办：请先同步，上传后再撤回');
      }
      if (!['submitted', 'supervisorReview', 'bianbanReview'].includes(item.state)) {
        throw new ApiError('CONFLICT', '只有审核中的申报可以撤回；已办结或已退回的申报不能撤回');
      }
      await sync.withdraw(id, reason?.trim() || '单位撤回');
      changed('requests');
      return filing.get(id);
    },
    'requests:resubmit': async ({ id, payload }) => {
      const item = await filing.resubmit(id, payload);
      changed('requests');
      return item;
    },
    'requests:cancel': async ({ id }) => {
      filing.cancel(id);
      changed('requests');
      return { ok: true as const };
    },
    'photos:put': async ({ base64 }) => {
      const r = photos.put(Buffer.from(base64, 'base64'));
      void photos.uploadPending();
      return r;
    },
    'slips:list': async () => slipViews(currentView(), today()),
    'slips:get': async ({ number }) => {
      const s = currentView()
        .scope()
        .slips.find((x) => x.number === number);
      if (!s) throw new ApiError('NOT_FOUND', `本单位没有编号为 ${number} 的编制使用单`);
      return s;
    },

    'alarms:list': async ({ scope, unitId: id }) => {
      const ids = new Set(currentView().unitIds(scope, id));
      return allAlarms().filter((a) => ids.has(a.unitId));
    },
    'stats:overview': async ({ scope, unitId: id }) => statsView(currentView(), scope, today(), id),

    'sync:status': async () => sync.status(),
    'sync:now': async () => {
      await photos.uploadPending();
      await sync.syncNow();
      return sync.status();
    },

    ...printHandlers(printService, { store, unitId, holder: () => gate.identity?.holderName ?? '', onPrinted: () => changed('prints'), native: opts.nativePrint ?? null }),
    ...reviewerHandlers({ gate, store, http: opts.server ? { baseUrl: opts.server.url, caPem: opts.server.caPem, allowPlainHttp: opts.server.allowPlainHttp } : null, now, log, refresh: () => sync.syncNow() }),
  };

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
