import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../db/migrate';
import { MIGRATIONS, type Migration } from '../../db/migrations/index';
import { openReplica } from '../../db/index';
import { tempDir } from './fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function rawDb(): Database.Database {
  const db = new Database(tmp.file());
  db.pragma('foreign_keys = ON');
  return db;
}

describe('migration runner', () => {
  it('numbers migrations 1..n in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('applies each migration with its record atomically: a failing step leaves the previous version', () => {
    const db = rawDb();
    const broken: Migration[] = [
      MIGRATIONS[0]!,
      {
        version: 2,
        name: 'half-done',
        up(d) {
          d.exec('CREATE TABLE half_done (x INTEGER)');
          d.exec('INSERT INTO no_such_table VALUES (1)');
        },
      },
    ];
    expect(() => migrate(db, broken)).toThrow(/no_such_table/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    // Running the real list afterwards finishes the job.
    expect(migrate(db, MIGRATIONS)).toEqual(MIGRATIONS.slice(1).map((m) => m.version));
    db.close();
  });

  it('rejects a list with a gap (a programming error)', () => {
    const db = rawDb();
    expect(() => migrate(db, [MIGRATIONS[1]!])).toThrow(/迁移脚本编号不连续/);
    db.close();
  });
});

describe('0001-initial', () => {
  it('enforces the replica constraints: JSON shapes, post keys, deferred foreign keys', () => {
    const db = rawDb();
    migrate(db, MIGRATIONS, 1);
    const unit = db.prepare(`INSERT INTO units (id, name, credit_code, kind, rank, funding_form, bianban_id, functions,
      power_list, address, phone, established_on, history, abolished) VALUES (?, 'x', 'c', 'organ', 'stock', 'full', 'b', '', ?, '', '', '2000-01-01', '[]', 0)`);
    expect(() => unit.run('u-bad', '{"not":"a list"}')).toThrow(/CHECK constraint failed/);
    unit.run('u1', '[]');
    expect(() =>
      db.prepare(`INSERT INTO ledger_entries VALUES ('l1', 'u1', 'no', '2024-01-01', 'i', '[]', '{}', '')`).run(),
    ).toThrow(/CHECK constraint failed/);
    expect(() =>
      db.prepare(`INSERT INTO slips VALUES ('n', 'r', 'u1', 'b', 'institutional', NULL, 'c', 1, 'd', 'd', '{}', 'active', '')`).run(),
    ).toThrow(/CHECK constraint failed/);

    // Deferred: a child may arrive before its parent inside one transaction…
    db.transaction(() => {
      db.prepare("INSERT INTO divisions VALUES ('d1', 'u2', '办公室', 0)").run();
      unit.run('u2', '[]');
    })();
    // …but not stay without it.
    expect(() => db.transaction(() => db.prepare("INSERT INTO divisions VALUES ('d2', 'u-none', '办公室', 0)").run())()).toThrow(
      /FOREIGN KEY/,
    );
    expect(db.prepare("SELECT count(*) AS n FROM divisions WHERE id = 'd2'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('starts with exactly one sync cursor row and refuses a second', () => {
    const db = rawDb();
    migrate(db, MIGRATIONS, 1);
    expect(db.prepare('SELECT id, cursor, snapshot_complete FROM sync_cursor').all()).toEqual([{ id: 1, cursor: null, snapshot_complete: 0 }]);
    expect(() => db.prepare('INSERT INTO sync_cursor (id) VALUES (2)').run()).toThrow(/CHECK constraint failed/);
    db.close();
  });
});

describe('0002-staff-search', () => {
  it('indexes staff who were already in a version-1 database', () => {
    const file = tmp.file();
    const db = new Database(file);
    migrate(db, MIGRATIONS, 1);
    db.exec(`INSERT INTO units (id, name, credit_code, kind, rank, funding_form, bianban_id, functions, power_list,
      address, phone, established_on, history, abolished) VALUES ('u1', '单位', 'c', 'organ', 'stock', 'full', 'b', '', '[]', '', '', '2000-01-01', '[]', 0)`);
    db.exec(`INSERT INTO staff (id, unit_id, name, id_number, sex, birth_date, ethnicity, education, political_status,
      post_key, position, position_level, retirement_category, enrolled_on, entry_channel, phone)
      VALUES ('s1', 'u1', '欧阳明月', '370902198506150021', 'female', '1985-06-15', '汉族', 'bachelor', '群众',
        'administrative', '科员', '一级科员', 'female-55', '2008-08-01', 'civilServiceExam', '')`);
    db.close();

    const store = openReplica(file);
    expect(store.info().schemaVersion).toBe(MIGRATIONS.length);
    expect(store.staff.search('阳明月').map((s) => s.id)).toEqual(['s1']);
    expect(store.staff.search('150021').map((s) => s.id)).toEqual(['s1']);
    store.close();
  });

  it('keeps the index in step with inserts, renames and deletes (triggers)', () => {
    const db = rawDb();
    migrate(db, MIGRATIONS);
    const hits = (q: string) =>
      (db.prepare('SELECT rowid FROM staff_search WHERE staff_search MATCH ?').all(`"${q}"`) as { rowid: number }[]).map((r) => r.rowid);
    db.exec(`INSERT INTO units (id, name, credit_code, kind, rank, funding_form, bianban_id, functions, power_list,
      address, phone, established_on, history, abolished) VALUES ('u1', '单位', 'c', 'organ', 'stock', 'full', 'b', '', '[]', '', '', '2000-01-01', '[]', 0)`);
    db.exec(`INSERT INTO staff (seq, id, unit_id, name, id_number, sex, birth_date, ethnicity, education, political_status,
      post_key, position, position_level, retirement_category, enrolled_on, entry_channel, phone)
      VALUES (7, 's1', 'u1', '司马相如', '370902198506150021', 'male', '1985-06-15', '汉族', 'bachelor', '群众',
        'administrative', '科员', '一级科员', 'male', '2008-08-01', 'civilServiceExam', '')`);
    expect(hits('马相如')).toEqual([7]);
    db.exec("UPDATE staff SET name = '司马光明' WHERE id = 's1'");
    expect(hits('马相如')).toEqual([]);
    expect(hits('马光明')).toEqual([7]);
    db.exec("DELETE FROM staff WHERE id = 's1'");
    expect(hits('马光明')).toEqual([]);
    expect(hits('150021')).toEqual([]);
    db.close();
  });
});

describe('0006-print-log-form-names', () => {
  it('renames the publicity notice prints logged under the old name, so a reprint is still a 补打', () => {
    const file = tmp.file();
    const db = new Database(file);
    migrate(db, MIGRATIONS, 5);
    const log = db.prepare('INSERT INTO print_log (printed_by, printed_at, form_kind, form_number, copies, reprint) VALUES (?, ?, ?, NULL, 1, 0)');
    log.run('张三', '2026-03-01T08:00:00.000Z', 'publicity');
    log.run('张三', '2026-03-01T08:01:00.000Z', 'registrationSheet');
    db.close();

    const store = openReplica(file);
    expect(store.info().schemaVersion).toBe(MIGRATIONS.length);
    expect(store.local.listPrints('publicityNotice', null).map((p) => p.printedBy)).toEqual(['张三']);
    expect(store.local.listPrints('registrationSheet', null)).toHaveLength(1);
    store.close();
  });
});
