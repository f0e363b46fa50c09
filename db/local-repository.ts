import type { Database } from 'better-sqlite3';
import type { PrintForm } from '../domain/forms/printable-forms';
import type { PayloadByKind, RequestKind } from '../domain/requests';
import { fromFlag, fromJson, orNull, toFlag, toJson } from './rows';
import { uuidv7 } from './uuid-v7';

/** A request the officer has started but not signed; payload may still be incomplete. */
export interface Draft<K extends RequestKind = RequestKind> {
  id: string;
  kind: K;
  unitId: string;
  payload: Partial<PayloadByKind[K]>;
  createdAt: string;
  updatedAt: string;
}

/** What can be printed: issued forms plus the unit's own sheets (which have no form number). */
export type PrintKind = PrintForm;

export interface PrintRecord {
  id: number;
  /** Who printed: the certificate holder's name or serial as the UI shows it. */
  printedBy: string;
  printedAt: string;
  formKind: PrintKind;
  formNumber: string | null;
  copies: number;
  /** 补打: a reprint of a form printed before. */
  reprint: boolean;
}

export interface SyncCursor {
  /** Server sequence after which the next pull starts; null before the first sync. */
  cursor: string | null;
  lastPullAt: string | null;
  lastPushAt: string | null;
  /** Paged first snapshot: where it stopped, how far, and whether it finished. */
  snapshotCursor: string | null;
  snapshotDone: number;
  snapshotTotal: number | null;
  snapshotComplete: boolean;
}

interface DraftRow {
  id: string;
  kind: string;
  unit_id: string;
  payload: string;
  created_at: string;
  updated_at: string;
}

interface PrintRow {
  id: number;
  printed_by: string;
  printed_at: string;
  form_kind: string;
  form_number: string | null;
  copies: number;
  reprint: number;
}

interface CursorRow {
  cursor: string | null;
  last_pull_at: string | null;
  last_push_at: string | null;
  snapshot_cursor: string | null;
  snapshot_done: number;
  snapshot_total: number | null;
  snapshot_complete: number;
}

function toDraft(r: DraftRow): Draft {
  return {
    id: r.id,
    kind: r.kind as RequestKind,
    unitId: r.unit_id,
    payload: fromJson(r.payload),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toPrint(r: PrintRow): PrintRecord {
  return {
    id: r.id,
    printedBy: r.printed_by,
    printedAt: r.printed_at,
    formKind: r.form_kind as PrintKind,
    formNumber: r.form_number,
    copies: r.copies,
    reprint: fromFlag(r.reprint),
  };
}

function prepare(db: Database) {
  return {
    getDraft: db.prepare('SELECT * FROM drafts WHERE id = ?'),
    draftsByUnit: db.prepare('SELECT * FROM drafts WHERE unit_id = ? ORDER BY updated_at DESC, id DESC'),
    saveDraft: db.prepare(`
      INSERT INTO drafts (id, kind, unit_id, payload, created_at, updated_at)
      VALUES (@id, @kind, @unitId, @payload, @now, @now)
      ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, unit_id = excluded.unit_id,
        payload = excluded.payload, updated_at = excluded.updated_at`),
    deleteDraft: db.prepare('DELETE FROM drafts WHERE id = ?'),

    logPrint: db.prepare(`
      INSERT INTO print_log (printed_by, printed_at, form_kind, form_number, copies, reprint)
      VALUES (@printedBy, @printedAt, @formKind, @formNumber, @copies, @reprint)`),
    printsOfForm: db.prepare('SELECT * FROM print_log WHERE form_kind = ? AND form_number IS ? ORDER BY id'),
    recentPrints: db.prepare('SELECT * FROM print_log ORDER BY id DESC LIMIT ?'),

    getCursor: db.prepare('SELECT * FROM sync_cursor WHERE id = 1'),
    setCursor: db.prepare(`
      UPDATE sync_cursor SET cursor = @cursor, last_pull_at = @lastPullAt, last_push_at = @lastPushAt,
        snapshot_cursor = @snapshotCursor, snapshot_done = @snapshotDone, snapshot_total = @snapshotTotal,
        snapshot_complete = @snapshotComplete
      WHERE id = 1`),

    getSetting: db.prepare('SELECT value FROM settings WHERE key = ?'),
    setSetting: db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
    deleteSetting: db.prepare('DELETE FROM settings WHERE key = ?'),
    allSettings: db.prepare('SELECT key, value FROM settings ORDER BY key'),
  };
}

/** Tables that exist only on this machine: a pull never writes them. */
export class LocalRepository {
  private readonly s: ReturnType<typeof prepare>;

  constructor(db: Database) {
    this.s = prepare(db);
  }

  // ── drafts ──

  /** Creates (no id) or overwrites a draft; returns it as stored. */
  saveDraft<K extends RequestKind>(d: { id?: string; kind: K; unitId: string; payload: Partial<PayloadByKind[K]> }): Draft<K> {
    const id = d.id ?? uuidv7();
    this.s.saveDraft.run({ id, kind: d.kind, unitId: d.unitId, payload: toJson(d.payload), now: new Date().toISOString() });
    return this.getDraft(id) as Draft<K>;
  }

  getDraft(id: string): Draft | null {
    const r = this.s.getDraft.get(id) as DraftRow | undefined;
    return r ? toDraft(r) : null;
  }

  /** Most recently edited first. */
  listDrafts(unitId: string): Draft[] {
    return (this.s.draftsByUnit.all(unitId) as DraftRow[]).map(toDraft);
  }

  deleteDraft(id: string): boolean {
    return this.s.deleteDraft.run(id).changes === 1;
  }

  // ── print log ──

  logPrint(p: Omit<PrintRecord, 'id' | 'printedAt'> & { printedAt?: string }): PrintRecord {
    if (!Number.isInteger(p.copies) || p.copies < 1) {
      throw new RangeError(`打印份数必须是不小于 1 的整数，收到的是 ${p.copies}`);
    }
    const printedAt = p.printedAt ?? new Date().toISOString();
    const formNumber = orNull(p.formNumber);
    const { lastInsertRowid } = this.s.logPrint.run({
      printedBy: p.printedBy,
      printedAt,
      formKind: p.formKind,
      formNumber,
      copies: p.copies,
      reprint: toFlag(p.reprint),
    });
    return { id: Number(lastInsertRowid), printedBy: p.printedBy, printedAt, formKind: p.formKind, formNumber, copies: p.copies, reprint: p.reprint };
  }

  /** Every print of one form, oldest first — non-empty means the next print is a 补打. */
  listPrints(formKind: PrintKind, formNumber: string | null): PrintRecord[] {
    return (this.s.printsOfForm.all(formKind, formNumber) as PrintRow[]).map(toPrint);
  }

  recentPrints(limit = 100): PrintRecord[] {
    return (this.s.recentPrints.all(limit) as PrintRow[]).map(toPrint);
  }

  // ── sync cursor ──

  getCursor(): SyncCursor {
    const r = this.s.getCursor.get() as CursorRow;
    return {
      cursor: r.cursor,
      lastPullAt: r.last_pull_at,
      lastPushAt: r.last_push_at,
      snapshotCursor: r.snapshot_cursor,
      snapshotDone: r.snapshot_done,
      snapshotTotal: r.snapshot_total,
      snapshotComplete: fromFlag(r.snapshot_complete),
    };
  }

  /** Changes the given fields, keeps the others. */
  updateCursor(patch: Partial<SyncCursor>): SyncCursor {
    const next = { ...this.getCursor(), ...patch };
    this.s.setCursor.run({ ...next, snapshotComplete: toFlag(next.snapshotComplete) });
    return next;
  }

  // ── settings ──

  getSetting<T = unknown>(key: string): T | undefined {
    const r = this.s.getSetting.get(key) as { value: string } | undefined;
    return r ? fromJson<T>(r.value) : undefined;
  }

  /** Any JSON value; `undefined` is not one — use deleteSetting. */
  setSetting(key: string, value: unknown): void {
    if (value === undefined) throw new TypeError(`设置项 ${key} 的值不能是 undefined；要删除请用 deleteSetting`);
    this.s.setSetting.run(key, toJson(value));
  }

  deleteSetting(key: string): boolean {
    return this.s.deleteSetting.run(key).changes === 1;
  }

  allSettings(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const r of this.s.allSettings.all() as { key: string; value: string }[]) out[r.key] = fromJson(r.value);
    return out;
  }
}
