import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReplica, type Store } from '../../db/index';
import { ftsPhrase, likeContains, normaliseQuery, planStaffSearch } from '../../db/staff-search-query';
import { bianban, idNumber, staff, tempDir, unit } from './fixtures';

const tmp = tempDir();
let store: Store;

// A check character X, to test case-folding of ID fragments.
const ID_X = idNumber('110105', '1949-12-31', 2);
const PEOPLE: [string, string, string, string][] = [
  // id, unit, name, ID number
  ['s1', 'u1', '王芳', idNumber('370902', '1985-06-15', 21)],
  ['s2', 'u1', '汪王芳', idNumber('370911', '1990-01-02', 13)],
  ['s3', 'u2', '王芳芳', idNumber('370921', '1978-11-30', 44)],
  ['s4', 'u2', '李王', idNumber('370923', '1966-03-08', 55)],
  ['s5', 'u1', '张三丰', idNumber('370982', '1970-07-07', 17)],
  ['s6', 'u2', '欧阳明月', idNumber('370983', '1988-08-08', 28)],
  ['s7', 'u1', '买买提·艾力', idNumber('650102', '1980-02-29', 39)],
  ['s8', 'u1', '𠮷田', idNumber('370902', '1995-05-05', 50)],
  ['s9', 'u2', '赵敏', ID_X],
];

beforeAll(() => {
  store = openReplica(tmp.file());
  store.units.upsertBianban(bianban);
  store.units.upsert(unit('u1'));
  store.units.upsert(unit('u2'));
  store.staff.bulkUpsert(PEOPLE.map(([id, u, name, idn]) => staff(id, u, name, { idNumber: idn })));
});
afterAll(() => {
  store.close();
  tmp.cleanup();
});

const names = (q: string, opts?: Parameters<Store['staff']['search']>[1]) => store.staff.search(q, opts).map((s) => s.name);

describe('staff search by name', () => {
  it('finds a 1-character substring anywhere in the name, prefix matches first', () => {
    expect(names('王')).toEqual(['王芳', '王芳芳', '李王', '汪王芳']);
    expect(names('芳').sort()).toEqual(['汪王芳', '王芳', '王芳芳'].sort());
    expect(names('月')).toEqual(['欧阳明月']);
  });

  it('finds a 2-character name, the exact name first', () => {
    expect(names('王芳')).toEqual(['王芳', '王芳芳', '汪王芳']);
    expect(names('三丰')).toEqual(['张三丰']);
    expect(names('赵敏')).toEqual(['赵敏']);
  });

  it('finds 3+ characters through the trigram index', () => {
    expect(planStaffSearch('张三丰')?.match).not.toBeNull();
    expect(names('张三丰')).toEqual(['张三丰']);
    expect(names('王芳芳')).toEqual(['王芳芳']);
    expect(names('阳明月')).toEqual(['欧阳明月']);
    expect(names('欧阳明月')).toEqual(['欧阳明月']);
    expect(names('提·艾')).toEqual(['买买提·艾力']);
    expect(names('张三丰丰')).toEqual([]);
  });

  it('counts characters, not UTF-16 units: 𠮷 is one character', () => {
    expect(planStaffSearch('𠮷田')?.match).toBeNull();
    expect(names('𠮷')).toEqual(['𠮷田']);
    expect(names('𠮷田')).toEqual(['𠮷田']);
  });

  it('ignores surrounding and inner spaces', () => {
    expect(names('  王 芳 ')).toEqual(['王芳', '王芳芳', '汪王芳']);
    expect(names('   ')).toEqual([]);
    expect(names('')).toEqual([]);
  });

  it('limits and filters by unit', () => {
    expect(names('王', { limit: 2 })).toEqual(['王芳', '王芳芳']);
    expect(names('王', { unitIds: ['u2'] })).toEqual(['王芳芳', '李王']);
    expect(names('张三丰', { unitIds: ['u2'] })).toEqual([]);
    expect(names('王', { unitIds: [] })).toEqual([]);
  });

  it('sees renames and removals immediately', () => {
    store.staff.upsert(staff('s10', 'u1', '钱多多', { idNumber: idNumber('370902', '1991-01-01', 101) }));
    expect(names('钱多多')).toEqual(['钱多多']);
    store.staff.upsert(staff('s10', 'u1', '钱少少', { idNumber: idNumber('370902', '1991-01-01', 101) }));
    expect(names('钱多多')).toEqual([]);
    expect(names('钱少少')).toEqual(['钱少少']);
    store.staff.delete('s10');
    expect(names('钱少少')).toEqual([]);
    expect(names('钱')).toEqual([]);
  });
});

describe('staff search by ID number', () => {
  it('finds the last 6 digits, a middle fragment and the full number', () => {
    const [, , , id] = PEOPLE[5]!;
    expect(names(id.slice(-6))).toEqual(['欧阳明月']);
    expect(names(id.slice(6, 14))).toEqual(['欧阳明月']); // the birth date
    expect(names(id)).toEqual(['欧阳明月']);
  });

  it('accepts a lower-case x, full-width digits and a pasted number with spaces', () => {
    expect(ID_X.endsWith('X')).toBe(true);
    expect(names(ID_X.slice(-4).toLowerCase())).toEqual(['赵敏']);
    const fullWidth = ID_X.slice(-6).replace(/[0-9X]/g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0));
    expect(names(fullWidth)).toEqual(['赵敏']);
    expect(names(`${ID_X.slice(0, 6)} ${ID_X.slice(6, 14)} ${ID_X.slice(14)}`)).toEqual(['赵敏']);
  });

  it('finds a 2-digit fragment by scanning', () => {
    const hits = names(PEOPLE[0]![3].slice(-2));
    expect(hits).toContain('王芳');
  });
});

describe('staff search with special characters', () => {
  it.each([
    ['%'],
    ['_'],
    ['%%%'],
    ['王%'],
    ['王_'],
    ['_芳_'],
    ['\\'],
    ['"'],
    ['王"芳'],
    ['"王芳"'],
    ["'"],
    ['*'],
    ['王芳*'],
    ['张三丰 OR 王芳'],
    ['NEAR(王芳 李王)'],
    ['name:王芳'],
    ['^王芳'],
    ['(王)'],
    ['-王芳'],
    ["'); DROP TABLE staff; --"],
  ])('%s is searched literally and matches nobody', (q) => {
    expect(names(q)).toEqual([]);
  });

  it('leaves the table intact after an injection-shaped query', () => {
    expect(store.staff.count()).toBe(PEOPLE.length);
  });

  it('escapes each special character for its target syntax', () => {
    expect(likeContains('5%_\\')).toBe('%5\\%\\_\\\\%');
    expect(ftsPhrase('a"b')).toBe('"a""b"');
    expect(normaliseQuery(' ３７０９ｘ ')).toBe('3709X');
  });
});
