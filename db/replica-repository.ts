import type { Database } from 'better-sqlite3';
import type { Notice, PostUseSlip } from '../domain/forms';
import type { SealedForm } from '../domain/forms/sealed-content';
import type { Bianban, DepartedStaffMember, Division, LedgerEntry, OffEstablishmentCount, StaffMember, Unit } from '../domain/model';
import type { AnyRequest } from '../domain/requests';
import type { LedgerRepository } from './ledger-repository';
import type { LocalRepository, SyncCursor } from './local-repository';
import type { RequestRepository } from './request-repository';
import type { SealedFormRepository } from './sealed-form-repository';
import type { SlipRepository } from './slip-repository';
import type { StaffRepository } from './staff-repository';
import type { UnitRepository } from './unit-repository';

/** Replica tables a pull may write, with the row shape of each. Local-only tables are not here. */
export interface ReplicaRows {
  bianbans: Bianban;
  units: Unit;
  divisions: Division;
  ledger_entries: LedgerEntry;
  staff: StaffMember;
  departed_staff: DepartedStaffMember;
  requests: AnyRequest;
  slips: PostUseSlip;
  notices: Notice;
  sealed_forms: SealedForm;
  off_establishment: OffEstablishmentCount;
}
export type ReplicaTable = keyof ReplicaRows;

/** What a delete carries: the row's key only. */
export interface ReplicaKeys {
  bianbans: { id: string };
  units: { id: string };
  divisions: { id: string };
  ledger_entries: { id: string };
  staff: { id: string };
  departed_staff: { id: string };
  requests: { id: string };
  slips: { number: string };
  notices: { number: string };
  sealed_forms: { number: string };
  off_establishment: { unitId: string };
}

export type ReplicaChange = {
  [T in ReplicaTable]: { table: T; op: 'upsert'; row: ReplicaRows[T] } | { table: T; op: 'delete'; row: ReplicaKeys[T] };
}[ReplicaTable];

export class ReplicaChangeError extends Error {
  constructor(
    message: string,
    /** 0-based position of the offending change, when one change is to blame. */
    readonly index: number | null,
    readonly table: string | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ReplicaChangeError';
  }
}

interface Handler {
  key: string;
  upsert(row: never): void;
  delete(key: string): void;
}

const TABLE_LABELS: Record<ReplicaTable, string> = {
  bianbans: '编办',
  units: '单位',
  divisions: '内设机构',
  ledger_entries: '编制台账',
  staff: '实有人员',
  departed_staff: '减少人员',
  requests: '业务申报',
  slips: '编制使用单',
  notices: '通知单',
  sealed_forms: '已签章表单',
  off_establishment: '编外人员',
};

/** From this many changes a page defers the staff search index to its end (StaffRepository.deferSearchIndex). */
const BULK_PAGE = 200;

/** Writes what a pull brought, all of a batch or none of it. */
export class ReplicaRepository {
  private readonly handlers: Record<ReplicaTable, Handler>;

  constructor(
    private readonly db: Database,
    repos: {
      units: UnitRepository;
      ledger: LedgerRepository;
      staff: StaffRepository;
      requests: RequestRepository;
      slips: SlipRepository;
      sealedForms: SealedFormRepository;
      local: LocalRepository;
    },
  ) {
    const { units, ledger, staff, requests, slips, sealedForms } = repos;
    this.local = repos.local;
    this.staff = repos.staff;
    this.handlers = {
      bianbans: { key: 'id', upsert: (r: Bianban) => units.upsertBianban(r), delete: (k) => units.deleteBianban(k) },
      units: { key: 'id', upsert: (r: Unit) => units.upsert(r), delete: (k) => units.delete(k) },
      divisions: { key: 'id', upsert: (r: Division) => units.upsertDivision(r), delete: (k) => units.deleteDivision(k) },
      ledger_entries: { key: 'id', upsert: (r: LedgerEntry) => ledger.upsert(r), delete: (k) => ledger.delete(k) },
      staff: { key: 'id', upsert: (r: StaffMember) => staff.upsert(r), delete: (k) => staff.delete(k) },
      departed_staff: { key: 'id', upsert: (r: DepartedStaffMember) => staff.upsertDeparted(r), delete: (k) => staff.deleteDeparted(k) },
      requests: { key: 'id', upsert: (r: AnyRequest) => requests.upsert(r), delete: (k) => requests.delete(k) },
      slips: { key: 'number', upsert: (r: PostUseSlip) => slips.upsert(r), delete: (k) => slips.delete(k) },
      notices: { key: 'number', upsert: (r: Notice) => slips.upsertNotice(r), delete: (k) => slips.deleteNotice(k) },
      sealed_forms: { key: 'number', upsert: (r: SealedForm) => sealedForms.upsert(r), delete: (k) => sealedForms.delete(k) },
      off_establishment: {
        key: 'unitId',
        upsert: (r: OffEstablishmentCount) => units.upsertOffEstablishment(r),
        delete: (k) => units.deleteOffEstablishment(k),
      },
    };
  }

  private readonly local: LocalRepository;
  private readonly staff: StaffRepository;

  /**
   * Applies a page of changes in one transaction (prepared statements reused, the staff search index
   * written once at the end of the page), and advances the sync cursor in the same
   * transaction when `cursor` is given, so a crash can neither lose a page nor apply it twice.
   * Rows come off the network, so each is checked for shape here and by the table's constraints;
   * any failure rolls the whole batch back and throws a ReplicaChangeError saying which change.
   * Called inside an open transaction it joins it (as a savepoint) and the caller's commit checks
   * references.
   */
  applyChanges(changes: readonly ReplicaChange[], opts: { cursor?: Partial<SyncCursor> } = {}): void {
    const apply = () => {
      changes.forEach((c, i) => this.applyOne(c, i));
      if (opts.cursor) this.local.updateCursor(opts.cursor);
    };
    // A first-sync page is mostly new staff: their search index is written once per page, not per row.
    // Small pages (incremental pulls) index row by row as before.
    const run = () => (changes.length >= BULK_PAGE ? this.staff.deferSearchIndex(apply) : apply());
    if (this.db.inTransaction) {
      this.db.transaction(run)();
      return;
    }
    // Managed by hand (not db.transaction) so that a COMMIT refused by a deferred foreign key
    // leaves the transaction open long enough to ask which rows are dangling.
    this.db.exec('BEGIN IMMEDIATE');
    try {
      run();
      this.db.exec('COMMIT');
    } catch (e) {
      const err = this.db.inTransaction && isForeignKeyError(e) ? this.danglingReferenceError(changes, e) : e;
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  private applyOne(c: ReplicaChange, i: number): void {
    const where = `同步数据第 ${i + 1} 条`;
    const handler = Object.hasOwn(this.handlers, c?.table) ? this.handlers[c.table] : undefined;
    if (!handler) {
      throw new ReplicaChangeError(`${where}要写入的表「${String(c?.table)}」不是可同步的表，本批更改均未写入。请升级客户端或联系编办。`, i, null);
    }
    const label = TABLE_LABELS[c.table];
    const row = c.row as unknown as Record<string, unknown> | null;
    const key = row && typeof row === 'object' ? row[handler.key] : undefined;
    if (typeof key !== 'string' || key === '') {
      throw new ReplicaChangeError(`${where}（${label}）缺少主键 ${handler.key}，本批更改均未写入。`, i, c.table);
    }
    try {
      if (c.op === 'upsert') handler.upsert(row as never);
      else if (c.op === 'delete') handler.delete(key);
      else throw new Error(`未知操作「${String((c as { op: unknown }).op)}」`);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      throw new ReplicaChangeError(`${where}（${label} ${key}）无法写入本地库：${reason}。本批更改均未写入，请重新同步；反复出现请联系编办。`, i, c.table, { cause: e });
    }
  }

  private danglingReferenceError(changes: readonly ReplicaChange[], cause: unknown): ReplicaChangeError {
    // foreign_key_check takes a table name, not a bound value, so only names from our own list go in.
    const touched = new Set<string>(['slip_slots']);
    for (const c of changes) if (Object.hasOwn(this.handlers, c.table)) touched.add(c.table);
    for (const t of touched) {
      const v = this.db.prepare(`PRAGMA foreign_key_check(${t})`).get() as { table: string; parent: string } | undefined;
      if (v) {
        const label = TABLE_LABELS[v.table as ReplicaTable] ?? v.table;
        const parent = TABLE_LABELS[v.parent as ReplicaTable] ?? v.parent;
        return new ReplicaChangeError(
          `同步数据中的${label}记录引用了本地库中不存在的${parent}记录，本批更改均未写入。请重新同步；反复出现请联系编办。`,
          null,
          v.table,
          { cause },
        );
      }
    }
    return new ReplicaChangeError('同步数据违反了本地库的引用约束，本批更改均未写入。请重新同步。', null, null, { cause });
  }
}

function isForeignKeyError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}
