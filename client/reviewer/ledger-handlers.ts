/**
 * Handlers of 台账管理, 监督检查 and 统计 (domain/contract/reviewer-ledger.ts), spread into the reviewer
 * handler map; the role check is the caller's `guard`.
 */
import type { Store } from '../../db/index';
import { todayOf } from '../../domain/validation/calendar';
import type { ClientApiHandlers } from '../../domain/contract/channels';
import type { REVIEWER_LEDGER_API } from '../../domain/contract/reviewer-ledger';
import { jurisdictionStats, supervision } from './jurisdiction-figures';
import { statsWorkbook, supervisionWorkbook } from './jurisdiction-export';
import { LedgerDesk } from './ledger-desk';
import type { ServerConnection } from '../connection';

type LedgerChannel = keyof typeof REVIEWER_LEDGER_API;
type Guard = <A extends unknown[], R>(fn: (...a: A) => Promise<R> | R) => (...a: A) => Promise<R>;

export interface LedgerHandlerDeps {
  session: ServerConnection;
  store: Store;
  now: () => Date;
  /** Pulls the replica; supervision and statistics read it right after. */
  refresh: () => Promise<void>;
  bianbanName: () => string;
  guard: Guard;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function ledgerHandlers(d: LedgerHandlerDeps): Pick<ClientApiHandlers, LedgerChannel> {
  const desk = new LedgerDesk({ session: d.session, store: d.store, refresh: d.refresh });
  const { guard } = d;
  const fresh = async () => {
    // Offline the figures come from the last pull; the screen shows when that was.
    await d.refresh().catch(() => undefined);
  };
  const figures = async () => {
    await fresh();
    return supervision(d.store, todayOf(d.now()), d.store.local.getCursor().lastPullAt);
  };
  const stats = async () => {
    await fresh();
    return jurisdictionStats(d.store, todayOf(d.now()), d.bianbanName());
  };
  return {
    'reviewer:ledgerUnits': guard(() => desk.units()),
    'reviewer:unitLedger': guard(({ unitId }) => desk.unitLedger(unitId)),
    'reviewer:recordLedger': guard((req) => desk.record(req)),
    'reviewer:ledgerDocument': guard(({ entryId }) => desk.document(entryId)),
    'reviewer:createUnit': guard(async (req) => {
      const bianbanId = (d.session.me ?? (await d.session.login())).bianbanId ?? '';
      return desk.changed(d.session.call('unitCreate', { body: { ...req, bianbanId } }));
    }),
    'reviewer:renameUnit': guard(({ unitId, ...body }) => desk.changed(d.session.call('unitRename', { params: { id: unitId }, body }))),
    'reviewer:mergeUnit': guard(({ unitId, ...body }) => desk.changed(d.session.call('unitMerge', { params: { id: unitId }, body }))),
    'reviewer:abolishUnit': guard(({ unitId, ...body }) => desk.changed(d.session.call('unitAbolish', { params: { id: unitId }, body }))),
    'reviewer:createDivision': guard(({ unitId, ...body }) => desk.changed(d.session.call('divisionCreate', { params: { id: unitId }, body }))),
    'reviewer:renameDivision': guard(({ divisionId, ...body }) => desk.changed(d.session.call('divisionRename', { params: { id: divisionId }, body }))),
    'reviewer:abolishDivision': guard(({ divisionId, ...body }) => desk.changed(d.session.call('divisionAbolish', { params: { id: divisionId }, body }))),
    'reviewer:supervision': guard(figures),
    'reviewer:supervisionExport': guard(async ({ kind }) => {
      const s = await figures();
      const view = kind ? { ...s, alarms: s.alarms.filter((a) => a.kind === kind) } : s;
      const buf = await supervisionWorkbook(view, d.bianbanName());
      return { fileName: `监督检查预警_${s.today}.xlsx`, mime: XLSX, base64: buf.toString('base64'), rows: view.alarms.length };
    }),
    'reviewer:stats': guard(stats),
    'reviewer:statsExport': guard(async () => {
      const s = await stats();
      const buf = await statsWorkbook(s);
      return { fileName: `机构编制统计_${s.today}.xlsx`, mime: XLSX, base64: buf.toString('base64'), rows: s.units.length };
    }),
  };
}
