/**
 * Reads of the unit's replica: home summary, units and ledger, staff (list, search, card, export),
 * departed staff, post-use slips, alarms and statistics. All answer from this machine's replica.
 */
import { ApiError } from '../../domain/contract/errors';
import { alarmCounts, departedPage, ledgerView, slipViews, staffCard, statsView, summaryView, unitBrief, unitInfo, unitNodes } from '../queries';
import { staffWorkbook } from '../staff-export';
import type { ClientContext, HandlerSlice } from './context';

type ReplicaChannel =
  | 'home:summary'
  | 'unit:info'
  | 'unit:tree'
  | 'ledger:list'
  | 'staff:list'
  | 'staff:search'
  | 'staff:get'
  | 'staff:export'
  | 'departed:list'
  | 'slips:list'
  | 'slips:get'
  | 'alarms:list'
  | 'stats:overview';

export function replicaHandlers(d: Pick<ClientContext, 'store' | 'unit' | 'filing' | 'photos' | 'today'>): HandlerSlice<ReplicaChannel> {
  const { store, unit, filing, photos, today } = d;
  const currentView = unit.current;
  const staffLists = unit.staffLists;
  return {
    'home:summary': async () => {
      const v = currentView();
      const s = v.scope();
      const requests = filing.list();
      const alarms = unit.alarms();
      const own = s.summaries.get(s.unit.id)!;
      return {
        unit: unitBrief(s.unit),
        today: today(),
        subordinateCount: s.units.length - 1,
        own: summaryView(own),
        subtree: summaryView(v.summaryOf(s.units.map((u) => u.id))),
        openRequests: {
          total: requests.filter((r) => r.localState !== null || ['submitted', 'supervisorReview', 'bianbanReview', 'returned'].includes(r.state)).length,
          waitingUpload: requests.filter((r) => r.localState !== null).length,
          returned: requests.filter((r) => r.state === 'returned').length,
        },
        alarms: alarmCounts(alarms),
        lastSyncAt: store.local.getCursor().lastPullAt,
        staffCount: s.staff.length,
        departedCount: v.departedStaff().length,
        offEstablishment: s.units.reduce((n, u) => n + store.units.getOffEstablishment(u.id).count, 0),
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
      const s = v.scope();
      const title = `${s.unit.name}实有人员名册（${today()}）`;
      const buf = await staffWorkbook(rows, { unit: (id) => v.unitName(id), division: (id) => s.divisionName.get(id) ?? '' }, title);
      return { fileName: `${title}.xlsx`, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', base64: buf.toString('base64'), rows: rows.length };
    },
    'departed:list': async (q) => departedPage(currentView(), q),

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
      return unit.alarms().filter((a) => ids.has(a.unitId));
    },
    'stats:overview': async ({ scope, unitId: id }) => statsView(currentView(), scope, today(), id),
  };
}
