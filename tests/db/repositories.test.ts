import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReplica, type Store } from '../../db/index';
import { bianban, departed, division, ledgerEntry, notice, postUseRequest, slip, staff, tempDir, unit } from './fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

let store: Store;
beforeEach(() => {
  store = openReplica(tmp.file());
  store.units.upsertBianban(bianban);
});
afterEach(() => store.close());

describe('units', () => {
  it('round-trips a unit with its JSON columns and boolean flag', () => {
    const u = unit('u1', { supervisorUnitId: null, abolished: true, history: [{ date: '1983-05-01', text: '设立' }, { date: '2019-01-01', text: '机构改革，更名' }] });
    store.units.upsert(u);
    expect(store.units.get('u1')).toEqual(u);
    expect(store.units.get('nope')).toBeNull();
    store.units.upsert({ ...u, name: '泰安市教育和体育局', abolished: false });
    expect(store.units.get('u1')?.name).toBe('泰安市教育和体育局');
    expect(store.units.get('u1')?.abolished).toBe(false);
    expect(store.units.getBianban(bianban.id)).toEqual(bianban);
    expect(store.units.listBianbans()).toEqual([bianban]);
  });

  it('returns a department subtree, the department first, at any depth', () => {
    store.units.upsert(unit('dept', { name: '甲局' }));
    store.units.upsert(unit('sub-b', { name: '乙中心', supervisorUnitId: 'dept' }));
    store.units.upsert(unit('sub-a', { name: '丙所', supervisorUnitId: 'dept' }));
    store.units.upsert(unit('grand', { name: '丁站', supervisorUnitId: 'sub-b' }));
    store.units.upsert(unit('other', { name: '戊局' }));
    // Level by level; within a level by name (code-point order: 丙 U+4E19 before 乙 U+4E59).
    expect(store.units.subtree('dept').map((u) => u.id)).toEqual(['dept', 'sub-a', 'sub-b', 'grand']);
    expect(store.units.subtree('sub-b').map((u) => u.id)).toEqual(['sub-b', 'grand']);
    expect(store.units.children('dept').map((u) => u.id).sort()).toEqual(['sub-a', 'sub-b']);
    expect(store.units.subtree('missing')).toEqual([]);
  });

  it('survives a supervisor cycle in bad data', () => {
    store.units.upsert(unit('a', { supervisorUnitId: 'b' }));
    store.units.upsert(unit('b', { supervisorUnitId: 'a' }));
    expect(store.units.subtree('a').map((u) => u.id)).toEqual(['a', 'b']);
  });

  it('round-trips divisions and off-establishment counts', () => {
    store.units.upsert(unit('u1'));
    const d = division('d1', 'u1');
    store.units.upsertDivision(d);
    expect(store.units.listDivisions('u1')).toEqual([d]);
    expect(store.units.getDivision('d1')).toEqual(d);
    expect(store.units.getOffEstablishment('u1')).toEqual({ unitId: 'u1', count: 0 });
    store.units.upsertOffEstablishment({ unitId: 'u1', count: 7 });
    expect(store.units.getOffEstablishment('u1')).toEqual({ unitId: 'u1', count: 7 });
    expect(() => store.units.upsertOffEstablishment({ unitId: 'u1', count: -1 })).toThrow(/CHECK/);
  });
});

describe('ledger', () => {
  it('lists a unit’s entries in date order and several units at once', () => {
    store.units.upsert(unit('u1'));
    store.units.upsert(unit('u2'));
    const later = ledgerEntry('12', 'u1', { date: '2024-06-01', postDeltas: { administrative: -2 }, leaderDeltas: {} });
    const earlier = ledgerEntry('3', 'u1', { date: '2020-01-15' });
    const other = ledgerEntry('5', 'u2');
    for (const e of [later, earlier, other]) store.ledger.upsert(e);
    expect(store.ledger.listByUnit('u1')).toEqual([earlier, later]);
    expect(store.ledger.get('12')).toEqual(later);
    expect(store.ledger.listByUnits(['u1', 'u2']).map((e) => e.id)).toEqual(['3', '12', '5']);
    expect(store.ledger.listByUnits([])).toEqual([]);
    store.ledger.delete('3');
    expect(store.ledger.listByUnit('u1')).toEqual([later]);
  });
});

describe('staff', () => {
  it('round-trips a staff member with every optional field set and cleared', () => {
    store.units.upsert(unit('u1'));
    store.units.upsertDivision(division('d1', 'u1'));
    const full = staff('s1', 'u1', '王芳', {
      divisionId: 'd1',
      leaderKind: 'divisionHead',
      slipNumber: '泰机编用〔2025〕0012号',
      slotNo: 1,
      leftOn: '2025-12-31',
    });
    store.staff.upsert(full);
    expect(store.staff.get('s1')).toEqual(full);
    const bare = staff('s2', 'u1', '李伟');
    store.staff.upsert(bare);
    expect(store.staff.get('s2')).toEqual(bare);
    expect(store.staff.listByUnit('u1').map((s) => s.name)).toEqual(['李伟', '王芳'].sort());
    expect(store.staff.count()).toBe(2);
  });

  it('keeps two people with the same ID number (the alarm must be able to see them)', () => {
    store.units.upsert(unit('u1'));
    store.units.upsert(unit('u2'));
    const a = staff('s1', 'u1', '王芳');
    store.staff.upsert(a);
    store.staff.upsert({ ...a, id: 's9', unitId: 'u2' });
    expect(store.staff.listByIdNumber(a.idNumber).map((s) => s.unitId)).toEqual(['u1', 'u2']);
  });

  it('bulk upserts all or nothing', () => {
    store.units.upsert(unit('u1'));
    const rows = Array.from({ length: 100 }, (_, i) => staff(`s${i}`, 'u1', `张${i}`));
    expect(store.staff.bulkUpsert(rows)).toBe(100);
    expect(store.staff.count()).toBe(100);
    const bad = [staff('t1', 'u1', '赵一'), { ...staff('t2', 'u1', '赵二'), postKey: 'institutional' as never }];
    expect(() => store.staff.bulkUpsert(bad)).toThrow(/CHECK/);
    expect(store.staff.get('t1')).toBeNull();
    expect(store.staff.count()).toBe(100);
  });

  it('round-trips departed staff, newest departure first', () => {
    store.units.upsert(unit('u1'));
    const a = departed('p1', 'u1', '刘洋');
    const b = { ...departed('p2', 'u1', '陈静'), departedOn: '2025-06-30', departureNoticeNumber: null };
    store.staff.upsertDeparted(a);
    store.staff.upsertDeparted(b);
    expect(store.staff.getDeparted('p1')).toEqual(a);
    expect(store.staff.listDepartedByUnit('u1')).toEqual([b, a]);
  });
});

describe('requests', () => {
  it('round-trips payload and trail, filtered by state and kind', () => {
    store.units.upsert(unit('u1'));
    const r1 = postUseRequest('r1', 'u1');
    const r2 = { ...postUseRequest('r2', 'u1'), state: 'approved' as const, createdAt: '2025-04-01T00:00:00.000Z' };
    store.requests.upsert(r1);
    store.requests.upsert(r2);
    expect(store.requests.get('r1')).toEqual(r1);
    expect(store.requests.listByUnit('u1').map((r) => r.id)).toEqual(['r2', 'r1']);
    expect(store.requests.listByUnit('u1', { states: ['bianbanReview', 'supervisorReview'] }).map((r) => r.id)).toEqual(['r1']);
    expect(store.requests.listByUnit('u1', { kinds: ['departure'] })).toEqual([]);
    expect(store.requests.listByUnit('u2')).toEqual([]);
  });
});

describe('slips and notices', () => {
  it('round-trips a slip with its slots and replaces slots on upsert', () => {
    store.units.upsert(unit('u1'));
    const s = slip('泰机编用〔2025〕0012号', 'u1', 'r1');
    store.slips.upsert(s);
    expect(store.slips.get(s.number)).toEqual(s);
    const fewer = { ...s, count: 1, slots: [s.slots[0]!], status: 'usedUp' as const };
    store.slips.upsert(fewer);
    expect(store.slips.get(s.number)).toEqual(fewer);
    const second = { ...slip('泰机编用〔2025〕0013号', 'u1', 'r3'), issuedOn: '2025-05-01' };
    store.slips.upsert(second);
    expect(store.slips.listByUnit('u1')).toEqual([second, fewer]);
    store.slips.delete(second.number);
    expect(store.slips.get(second.number)).toBeNull();
  });

  it('round-trips notices', () => {
    store.units.upsert(unit('u1'));
    const n = notice('泰机编入〔2025〕0001号', 'u1', 's-1');
    store.slips.upsertNotice(n);
    expect(store.slips.getNotice(n.number)).toEqual(n);
    expect(store.slips.listNoticesByUnit('u1')).toEqual([n]);
  });
});

describe('local-only tables', () => {
  it('saves, lists and deletes drafts', () => {
    const d = store.local.saveDraft({ kind: 'postUse', unitId: 'u1', payload: { postKey: 'administrative', count: 1 } });
    expect(d.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(store.local.getDraft(d.id)?.payload).toEqual({ postKey: 'administrative', count: 1 });
    const updated = store.local.saveDraft({ id: d.id, kind: 'postUse', unitId: 'u1', payload: { count: 3, reason: '新增职能' } });
    expect(updated.createdAt).toBe(d.createdAt);
    expect(updated.payload).toEqual({ count: 3, reason: '新增职能' });
    expect(store.local.listDrafts('u1').map((x) => x.id)).toEqual([d.id]);
    expect(store.local.deleteDraft(d.id)).toBe(true);
    expect(store.local.deleteDraft(d.id)).toBe(false);
  });

  it('logs prints and tells a reprint from the history', () => {
    const number = '泰机编用〔2025〕0012号';
    expect(store.local.listPrints('postUseSlip', number)).toEqual([]);
    const first = store.local.logPrint({ printedBy: '张三', formKind: 'postUseSlip', formNumber: number, copies: 2, reprint: false });
    const again = store.local.logPrint({ printedBy: '李四', formKind: 'postUseSlip', formNumber: number, copies: 1, reprint: true });
    store.local.logPrint({ printedBy: '张三', formKind: 'registrationSheet', formNumber: null, copies: 1, reprint: false });
    expect(store.local.listPrints('postUseSlip', number)).toEqual([first, again]);
    expect(store.local.listPrints('registrationSheet', null)).toHaveLength(1);
    expect(store.local.recentPrints(2).map((p) => p.printedBy)).toEqual(['张三', '李四']);
    expect(() => store.local.logPrint({ printedBy: '张三', formKind: 'postUseSlip', formNumber: number, copies: 0, reprint: true })).toThrow(
      /打印份数/,
    );
  });

  it('keeps one sync cursor and patches it', () => {
    expect(store.local.getCursor()).toEqual({
      cursor: null,
      lastPullAt: null,
      lastPushAt: null,
      snapshotCursor: null,
      snapshotDone: 0,
      snapshotTotal: null,
      snapshotComplete: false,
    });
    store.local.updateCursor({ snapshotCursor: 'p3', snapshotDone: 3000, snapshotTotal: 50000 });
    store.local.updateCursor({ cursor: '918273', lastPullAt: '2025-06-01T00:00:00.000Z' });
    expect(store.local.getCursor()).toMatchObject({ cursor: '918273', snapshotDone: 3000, snapshotTotal: 50000, snapshotComplete: false });
  });

  it('stores JSON settings', () => {
    store.local.setSetting('server.url', 'https://bianban.example.gov.cn');
    store.local.setSetting('print.margins', { top: 10, left: 12 });
    expect(store.local.getSetting('print.margins')).toEqual({ top: 10, left: 12 });
    expect(store.local.getSetting('missing')).toBeUndefined();
    expect(store.local.allSettings()).toEqual({ 'print.margins': { top: 10, left: 12 }, 'server.url': 'https://bianban.example.gov.cn' });
    expect(store.local.deleteSetting('server.url')).toBe(true);
    expect(() => store.local.setSetting('x', undefined)).toThrow(/undefined/);
  });
});
