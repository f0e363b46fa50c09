import type { Database } from 'better-sqlite3';
import type { LedgerEntry } from '../domain/model';
import { fromJson, toJson } from './rows';

interface LedgerRow {
  id: string;
  unit_id: string;
  document_no: string;
  date: string;
  issuer: string;
  post_deltas: string;
  leader_deltas: string;
  note: string;
}

function toEntry(r: LedgerRow): LedgerEntry {
  return {
    id: r.id,
    unitId: r.unit_id,
    documentNo: r.document_no,
    date: r.date,
    issuer: r.issuer,
    postDeltas: fromJson(r.post_deltas),
    leaderDeltas: fromJson(r.leader_deltas),
    note: r.note,
  };
}

function prepare(db: Database) {
  return {
    get: db.prepare('SELECT * FROM ledger_entries WHERE id = ?'),
    byUnit: db.prepare('SELECT * FROM ledger_entries WHERE unit_id = ? ORDER BY date, document_no, id'),
    // The unit ids travel as one JSON array parameter: no SQL is built from values.
    byUnits: db.prepare(`
      SELECT * FROM ledger_entries WHERE unit_id IN (SELECT value FROM json_each(?))
      ORDER BY unit_id, date, document_no, id`),
    upsert: db.prepare(`
      INSERT INTO ledger_entries (id, unit_id, document_no, date, issuer, post_deltas, leader_deltas, note)
      VALUES (@id, @unitId, @documentNo, @date, @issuer, @postDeltas, @leaderDeltas, @note)
      ON CONFLICT (id) DO UPDATE SET unit_id = excluded.unit_id, document_no = excluded.document_no,
        date = excluded.date, issuer = excluded.issuer, post_deltas = excluded.post_deltas,
        leader_deltas = excluded.leader_deltas, note = excluded.note`),
    delete: db.prepare('DELETE FROM ledger_entries WHERE id = ?'),
  };
}

/** 编制台账: approval documents with per-type deltas, in date order. */
export class LedgerRepository {
  private readonly s: ReturnType<typeof prepare>;

  constructor(db: Database) {
    this.s = prepare(db);
  }

  get(id: string): LedgerEntry | null {
    const r = this.s.get.get(id) as LedgerRow | undefined;
    return r ? toEntry(r) : null;
  }

  listByUnit(unitId: string): LedgerEntry[] {
    return (this.s.byUnit.all(unitId) as LedgerRow[]).map(toEntry);
  }

  /** Entries of several units at once, e.g. a department's subtree for its totals. */
  listByUnits(unitIds: readonly string[]): LedgerEntry[] {
    if (unitIds.length === 0) return [];
    return (this.s.byUnits.all(toJson(unitIds)) as LedgerRow[]).map(toEntry);
  }

  upsert(e: LedgerEntry): void {
    this.s.upsert.run({
      id: e.id,
      unitId: e.unitId,
      documentNo: e.documentNo,
      date: e.date,
      issuer: e.issuer,
      postDeltas: toJson(e.postDeltas),
      leaderDeltas: toJson(e.leaderDeltas),
      note: e.note,
    });
  }

  delete(id: string): void {
    this.s.delete.run(id);
  }
}
