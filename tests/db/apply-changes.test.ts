import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { ReplicaChangeError, openReplica, type ReplicaChange, type Store } from '../../db/index';
import { bianban, departed, division, ledgerEntry, notice, postUseRequest, slip, staff, tempDir, unit } from './fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

let store: Store;
beforeEach(() => {
  store = openReplica(tmp.file());
});
afterEach(() => store.close());

const page: ReplicaChange[] = [
  // Children before parents on purpose: references are checked when the batch commits.
  { table: 'staff', op: 'upsert', row: staff('s1', 'u1', '王芳', { divisionId: 'd1' }) },
  { table: 'divisions', op: 'upsert', row: division('d1', 'u1') },
  { table: 'units', op: 'upsert', row: unit('u1') },
  { table: 'bianbans', op: 'upsert', row: bianban },
  { table: 'ledger_entries', op: 'upsert', row: ledgerEntry('1', 'u1') },
  { table: 'departed_staff', op: 'upsert', row: departed('p1', 'u1', '刘洋') },
  { table: 'requests', op: 'upsert', row: postUseRequest('r1', 'u1') },
  { table: 'slips', op: 'upsert', row: slip('泰机编用〔2025〕0012号', 'u1', 'r1') },
  { table: 'notices', op: 'upsert', row: notice('泰机编入〔2025〕0001号', 'u1', 's1') },
  { table: 'off_establishment', op: 'upsert', row: { unitId: 'u1', count: 4 } },
];

function snapshotCounts(s: Store) {
  return {
    units: s.units.listAll().length,
    staff: s.staff.count(),
    ledger: s.ledger.listByUnit('u1').length,
    requests: s.requests.listByUnit('u1').length,
    slips: s.slips.listByUnit('u1').length,
    cursor: s.local.getCursor().cursor,
  };
}

describe('applyChanges', () => {
  it('writes every replica table in one batch and advances the cursor with it', () => {
    store.applyChanges(page, { cursor: { cursor: '42', lastPullAt: '2025-06-01T00:00:00.000Z' } });
    expect(store.staff.get('s1')?.divisionId).toBe('d1');
    expect(store.units.get('u1')?.name).toBe('单位u1');
    expect(store.units.getBianban(bianban.id)).toEqual(bianban);
    expect(store.ledger.get('1')?.postDeltas).toEqual({ administrative: 20, 'institutional:full': 5 });
    expect(store.staff.getDeparted('p1')?.reason).toBe('retirement');
    expect(store.requests.get('r1')?.trail).toHaveLength(1);
    expect(store.slips.get('泰机编用〔2025〕0012号')?.slots).toHaveLength(2);
    expect(store.slips.getNotice('泰机编入〔2025〕0001号')?.staffId).toBe('s1');
    expect(store.units.getOffEstablishment('u1').count).toBe(4);
    expect(store.local.getCursor().cursor).toBe('42');
    expect(store.staff.search('王芳').map((s) => s.id)).toEqual(['s1']);
  });

  it('applies deletes by key, cascading from a unit that left the view', () => {
    store.applyChanges(page);
    store.applyChanges([
      { table: 'slips', op: 'delete', row: { number: '泰机编用〔2025〕0012号' } },
      { table: 'off_establishment', op: 'delete', row: { unitId: 'u1' } },
    ]);
    expect(store.slips.get('泰机编用〔2025〕0012号')).toBeNull();
    expect(store.units.getOffEstablishment('u1').count).toBe(0);
    store.applyChanges([{ table: 'units', op: 'delete', row: { id: 'u1' } }]);
    expect(store.staff.count()).toBe(0);
    expect(store.ledger.listByUnit('u1')).toEqual([]);
    expect(store.staff.search('王芳')).toEqual([]);
  });

  it('repeating a page changes nothing (upserts are idempotent)', () => {
    store.applyChanges(page);
    const before = snapshotCounts(store);
    store.applyChanges(page);
    expect(snapshotCounts(store)).toEqual(before);
  });

  describe('rolls the whole batch back on a bad row', () => {
    const cases: [string, ReplicaChange, RegExp][] = [
      ['a missing required field', { table: 'staff', op: 'upsert', row: { ...staff('s2', 'u1', '李伟'), name: undefined } as never }, /第 11 条（实有人员 s2）.*NOT NULL/],
      ['an unknown post key', { table: 'staff', op: 'upsert', row: staff('s2', 'u1', '李伟', { postKey: 'institutional' as never }) }, /第 11 条.*CHECK/],
      ['a unit power list that is not a list', { table: 'units', op: 'upsert', row: { ...unit('u2'), powerList: '职责' as never } }, /第 11 条（单位 u2）/],
      ['a row without its key', { table: 'requests', op: 'upsert', row: { ...postUseRequest('r2', 'u1'), id: '' } }, /第 11 条（业务申报）缺少主键 id/],
      ['a local-only table', { table: 'outbox', op: 'upsert', row: { id: 'x' } } as never, /「outbox」不是可同步的表/],
      ['an unknown operation', { table: 'staff', op: 'merge', row: { id: 's1' } } as never, /未知操作「merge」/],
      ['a reference to a unit that never arrives', { table: 'staff', op: 'upsert', row: staff('s2', 'u-missing', '李伟') }, /实有人员记录引用了本地库中不存在的单位记录/],
    ];
    it.each(cases)('%s', (_label, bad, message) => {
      store.local.updateCursor({ cursor: '7' });
      let error: unknown;
      try {
        store.applyChanges([...page, bad], { cursor: { cursor: '8' } });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ReplicaChangeError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toContain('本批更改均未写入');
      expect(snapshotCounts(store)).toEqual({ units: 0, staff: 0, ledger: 0, requests: 0, slips: 0, cursor: '7' });
      expect(store.staff.search('王芳')).toEqual([]);
      // The connection is usable again afterwards.
      store.applyChanges(page);
      expect(store.staff.count()).toBe(1);
    });
  });

  it('joins a caller’s transaction and rolls back with it', () => {
    expect(() =>
      store.transaction(() => {
        store.applyChanges(page);
        expect(store.staff.count()).toBe(1);
        throw new Error('push failed');
      }),
    ).toThrow('push failed');
    expect(store.staff.count()).toBe(0);
  });

  it('never touches local-only tables', () => {
    store.local.setSetting('k', 'v');
    const draft = store.local.saveDraft({ kind: 'postUse', unitId: 'u1', payload: {} });
    store.applyChanges(page);
    store.applyChanges([{ table: 'units', op: 'delete', row: { id: 'u1' } }]);
    expect(store.local.getSetting('k')).toBe('v');
    expect(store.local.getDraft(draft.id)).not.toBeNull();
  });

  it('indexes a page\'s staff for search once at the end, also rows renamed or deleted within the page', () => {
    store.applyChanges([
      { table: 'bianbans', op: 'upsert', row: bianban },
      { table: 'units', op: 'upsert', row: unit('u1') },
      { table: 'staff', op: 'upsert', row: staff('s1', 'u1', '王芳华') },
      { table: 'staff', op: 'upsert', row: staff('s2', 'u1', '李建国') },
      { table: 'staff', op: 'upsert', row: staff('s3', 'u1', '张三丰') },
    ]);
    const triggers = () => {
      const db = new Database(store.file, { readonly: true });
      try {
        return db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all();
      } finally {
        db.close();
      }
    };
    const before = triggers();
    // Second page, large enough to defer indexing: a new row renamed and another deleted before the page
    // ends, an old row renamed and one deleted, 250 new rows.
    const filler = Array.from({ length: 250 }, (_, i): ReplicaChange => ({ table: 'staff', op: 'upsert', row: staff(`f${i}`, 'u1', `周${i}号`) }));
    store.applyChanges([
      ...filler,
      { table: 'staff', op: 'upsert', row: staff('s4', 'u1', '赵一鸣') },
      { table: 'staff', op: 'upsert', row: staff('s4', 'u1', '赵二鸣') },
      { table: 'staff', op: 'upsert', row: staff('s5', 'u1', '钱多多') },
      { table: 'staff', op: 'delete', row: { id: 's5' } },
      { table: 'staff', op: 'upsert', row: staff('s1', 'u1', '王芳芳') },
      { table: 'staff', op: 'delete', row: { id: 's2' } },
    ]);
    const names = (q: string) => store.staff.search(q).map((m) => m.name);
    expect(names('王芳芳')).toEqual(['王芳芳']);
    expect(names('王芳华')).toEqual([]);
    expect(names('赵二鸣')).toEqual(['赵二鸣']);
    expect(names('赵一鸣')).toEqual([]);
    expect(names('钱多多')).toEqual([]);
    expect(names('李建国')).toEqual([]);
    expect(names('张三丰')).toEqual(['张三丰']);
    expect(names('周249号')).toEqual(['周249号']);
    expect(triggers()).toEqual(before);
    // A single upsert outside a bulk write is indexed at once, as before.
    store.staff.upsert(staff('s6', 'u1', '孙悟空'));
    expect(names('孙悟空')).toEqual(['孙悟空']);
    // The index matches the staff table exactly, and nothing is left pending.
    const raw = new Database(store.file);
    onTestFinished(() => {
      raw.close();
    });
    expect(() => raw.exec("INSERT INTO staff_search (staff_search, rank) VALUES ('integrity-check', 1)")).not.toThrow();
    expect(raw.prepare('SELECT count(*) AS n FROM staff_search_deferred').get()).toEqual({ n: 0 });
  });

  it('leaves nothing deferred when a page fails', () => {
    const filler = Array.from({ length: 250 }, (_, i): ReplicaChange => ({ table: 'staff', op: 'upsert', row: staff(`f${i}`, 'u1', `周${i}号`) }));
    expect(() =>
      store.applyChanges([
        ...filler,
        { table: 'nope' as 'staff', op: 'upsert', row: staff('s2', 'u1', '李建国') },
      ]),
    ).toThrow(ReplicaChangeError);
    store.applyChanges([
      { table: 'bianbans', op: 'upsert', row: bianban },
      { table: 'units', op: 'upsert', row: unit('u1') },
    ]);
    store.staff.upsert(staff('s3', 'u1', '张三丰'));
    expect(store.staff.search('张三丰').map((m) => m.name)).toEqual(['张三丰']);
    expect(store.staff.count()).toBe(1);
  });
});
