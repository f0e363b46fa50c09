import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, SchemaTooNewError, openReplica } from '../../db/index';
import { tempDir } from './fixtures';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function tableNames(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

describe('openReplica', () => {
  it('creates the schema with WAL, synchronous FULL, foreign keys and a busy timeout', () => {
    const file = tmp.file();
    const store = openReplica(file, { busyTimeoutMs: 1234 });
    const info = store.info();
    store.close();
    expect(info.journalMode).toBe('wal');
    expect(info.synchronous).toBe(2);
    expect(info.foreignKeys).toBe(true);
    expect(info.busyTimeoutMs).toBe(1234);
    expect(info.schemaVersion).toBe(MIGRATIONS.length);
    const [major, minor] = info.sqliteVersion.split('.').map(Number);
    expect(major! * 1000 + minor!).toBeGreaterThanOrEqual(3034);

    const tables = tableNames(file);
    for (const t of [
      'bianbans', 'units', 'divisions', 'ledger_entries', 'staff', 'departed_staff', 'requests', 'slips',
      'slip_slots', 'notices', 'off_establishment', 'outbox', 'drafts', 'print_log', 'sync_cursor', 'settings',
      'schema_migrations', 'staff_search',
    ]) {
      expect(tables).toContain(t);
    }
  });

  it('is idempotent on reopen: no migration runs twice and data stays', () => {
    const file = tmp.file();
    const first = openReplica(file);
    first.local.setSetting('printer', 'HP LaserJet');
    first.close();
    const second = openReplica(file);
    expect(second.local.getSetting('printer')).toBe('HP LaserJet');
    second.close();

    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    db.close();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
  });

  it('creates missing parent folders', () => {
    const store = openReplica(join(tmp.dir, 'a', 'b', 'replica.sqlite'));
    expect(store.info().schemaVersion).toBe(MIGRATIONS.length);
    store.close();
  });

  it('refuses a database written by a newer client, in Chinese, without touching it', () => {
    const file = tmp.file();
    openReplica(file).close();
    const raw = new Database(file);
    raw.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from-the-future', '2030-01-01')").run(MIGRATIONS.length + 1);
    raw.close();

    let error: unknown;
    try {
      openReplica(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SchemaTooNewError);
    expect((error as Error).message).toContain(`版本为 ${MIGRATIONS.length + 1}`);
    expect((error as Error).message).toContain('请升级客户端');

    const check = new Database(file, { readonly: true });
    expect((check.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(MIGRATIONS.length + 1);
    check.close();
  });

  it('explains a file that is not a database', () => {
    const file = tmp.file('not-a-db.sqlite');
    writeFileSync(file, 'this is a text file, not SQLite '.repeat(64));
    expect(() => openReplica(file)).toThrow(/不是电子编制管理证的数据库或已损坏/);
  });

  it('lets a second connection read while the first holds a write transaction (WAL)', () => {
    const file = tmp.file();
    const writer = openReplica(file);
    const reader = openReplica(file);
    writer.local.setSetting('k', 1);
    writer.transaction(() => {
      writer.local.setSetting('k', 2);
      // Reader sees the last committed value, not blocked and not the uncommitted one.
      expect(reader.local.getSetting('k')).toBe(1);
    });
    expect(reader.local.getSetting('k')).toBe(2);
    writer.close();
    reader.close();
  });
});
