import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { LedgerRepository } from './ledger-repository';
import { LocalRepository } from './local-repository';
import { migrate, schemaVersion } from './migrate';
import { MIGRATIONS, type Migration } from './migrations/index';
import { OutboxRepository } from './outbox-repository';
import { PhotoRepository } from './photo-repository';
import { ReplicaRepository, type ReplicaChange } from './replica-repository';
import type { SyncCursor } from './local-repository';
import { RequestRepository } from './request-repository';
import { SealedFormRepository } from './sealed-form-repository';
import { SlipRepository } from './slip-repository';
import { StaffRepository } from './staff-repository';
import { UnitRepository } from './unit-repository';

export interface OpenReplicaOptions {
  /** How long a write waits for another connection's lock before failing; 5 s by default. */
  busyTimeoutMs?: number;
  /** For tests only: a different migration list. */
  migrations?: readonly Migration[];
}

export interface StoreInfo {
  file: string;
  sqliteVersion: string;
  schemaVersion: number;
  journalMode: string;
  /** 2 = FULL */
  synchronous: number;
  foreignKeys: boolean;
  busyTimeoutMs: number;
}

/** The client's local database: the replica plus local-only tables, behind typed repositories. */
export interface Store {
  readonly file: string;
  readonly units: UnitRepository;
  readonly ledger: LedgerRepository;
  readonly staff: StaffRepository;
  readonly requests: RequestRepository;
  readonly slips: SlipRepository;
  /** Issued forms with the server's seal, for printing and offline verification. */
  readonly sealedForms: SealedFormRepository;
  readonly outbox: OutboxRepository;
  readonly local: LocalRepository;
  /** Local-only ID photos by SHA-256 (db/photo-repository.ts). */
  readonly photos: PhotoRepository;
  /** Writes a pull's changes (and optionally the new cursor) atomically. */
  applyChanges(changes: readonly ReplicaChange[], opts?: { cursor?: Partial<SyncCursor> }): void;
  /** Runs `fn` in one write transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T;
  info(): StoreInfo;
  close(): void;
}

/** FTS5's trigram tokenizer arrived in SQLite 3.34.0. */
const MIN_SQLITE = [3, 34, 0];

function atLeast(version: string, min: number[]): boolean {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < min.length; i++) {
    const a = parts[i] ?? 0;
    const b = min[i]!;
    if (a !== b) return a > b;
  }
  return true;
}

function configure(db: Db, busyTimeoutMs: number): void {
  const version = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  if (!atLeast(version, MIN_SQLITE)) {
    throw new Error(`本程序需要 SQLite 3.34 或更高版本（用于中文姓名检索），当前为 ${version}。请重新安装客户端。`);
  }
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
  // WAL lets the window read while sync writes; FULL syncs the WAL on every commit, so an
  // acknowledged outbox item or an applied page survives a power cut.
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal' && db.name !== ':memory:') {
    throw new Error(`无法为本地数据库 ${db.name} 启用 WAL 日志模式（得到 ${String(mode)}）。请确认所在磁盘可写且不是网络共享目录。`);
  }
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // 32 MB of page cache (the default is 2 MB): a first sync writes 50,000 staff into five B-trees and the
  // search index, and a small cache spills pages to the WAL mid-transaction (~15% slower, db-search bench).
  db.pragma('cache_size = -32768');
}

/**
 * Opens (creating if needed) the local database at `file`, brings its schema up to date and
 * returns the store. Throws SchemaTooNewError for a file written by a newer client.
 */
export function openReplica(file: string, opts: OpenReplicaOptions = {}): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    configure(db, opts.busyTimeoutMs ?? 5000);
    migrate(db, opts.migrations ?? MIGRATIONS);
  } catch (e) {
    db.close();
    if (e instanceof Error && (e as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new Error(`无法打开本地数据库 ${file}：该文件不是电子编制管理证的数据库或已损坏。请移走该文件后重新同步。`, { cause: e });
    }
    throw e;
  }
  return createStore(file, db);
}

function createStore(file: string, db: Db): Store {
  const units = new UnitRepository(db);
  const ledger = new LedgerRepository(db);
  const staff = new StaffRepository(db);
  const requests = new RequestRepository(db);
  const slips = new SlipRepository(db);
  const sealedForms = new SealedFormRepository(db);
  const outbox = new OutboxRepository(db);
  const local = new LocalRepository(db);
  const photos = new PhotoRepository(db);
  const replica = new ReplicaRepository(db, { units, ledger, staff, requests, slips, sealedForms, local });
  return {
    file,
    units,
    ledger,
    staff,
    requests,
    slips,
    sealedForms,
    outbox,
    local,
    photos,
    applyChanges: (changes, o) => replica.applyChanges(changes, o),
    transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    info: () => ({
      file,
      sqliteVersion: (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
      schemaVersion: schemaVersion(db),
      journalMode: String(db.pragma('journal_mode', { simple: true })),
      synchronous: Number(db.pragma('synchronous', { simple: true })),
      foreignKeys: Number(db.pragma('foreign_keys', { simple: true })) === 1,
      busyTimeoutMs: Number(db.pragma('busy_timeout', { simple: true })),
    }),
    close: () => {
      if (db.open) db.close();
    },
  };
}
