import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations/types';

export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `本地数据库的结构版本为 ${found}，而本程序只支持到版本 ${supported}：` +
        `该数据库由更新版本的电子编制管理证客户端创建。请升级客户端后再打开；` +
        `为避免损坏数据，本程序不会读写它。`,
    );
    this.name = 'SchemaTooNewError';
  }
}

/** Highest applied version, 0 for a fresh file. */
export function schemaVersion(db: Database): number {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (!table) return 0;
  const row = db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`迁移脚本编号不连续：第 ${i + 1} 个脚本「${m.name}」的版本号是 ${m.version}（程序错误）`);
    }
  });
}

/**
 * Applies the migrations above the database's version, each in its own transaction together with
 * its row in schema_migrations, so a crash leaves the file at a whole version. `target` stops
 * early (migration tests use it to build an old database).
 */
export function migrate(db: Database, migrations: readonly Migration[], target = migrations.length): number[] {
  checkOrder(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const current = schemaVersion(db);
  if (current > migrations.length) throw new SchemaTooNewError(current, migrations.length);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      m.up(db);
      record.run(m.version, m.name, new Date().toISOString());
    }).immediate();
    applied.push(m.version);
  }
  return applied;
}
