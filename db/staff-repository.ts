import type { Database } from 'better-sqlite3';
import type {
  DepartedStaffMember,
  DepartureReason,
  Education,
  RecruitChannel,
  RetirementCategory,
  Sex,
  StaffMember,
} from '../domain/model';
import { zeroLeaderCounts, zeroPostCounts, type LeaderCounts, type LeaderKind, type PostCounts, type PostKey } from '../domain/posts';
import { orNull, toJson } from './rows';
import { planStaffSearch } from './staff-search-query';

interface StaffRow {
  id: string;
  unit_id: string;
  division_id: string | null;
  name: string;
  id_number: string;
  sex: string;
  birth_date: string;
  ethnicity: string;
  education: string;
  political_status: string;
  post_key: string;
  position: string;
  position_level: string;
  leader_kind: string | null;
  retirement_category: string;
  enrolled_on: string;
  entry_channel: string;
  slip_number: string | null;
  slot_no: number | null;
  phone: string;
  left_on: string | null;
}

interface DepartedRow extends StaffRow {
  departed_on: string;
  reason: string;
  departure_notice_number: string | null;
}

export interface StaffSearchOptions {
  /** Only staff of these units (e.g. a department's subtree). Omitted: every unit in the replica. */
  unitIds?: readonly string[];
  /** At most this many results, 50 by default, 500 at most. */
  limit?: number;
}

const STAFF_COLUMNS = `id, unit_id, division_id, name, id_number, sex, birth_date, ethnicity, education,
  political_status, post_key, position, position_level, leader_kind, retirement_category, enrolled_on,
  entry_channel, slip_number, slot_no, phone, left_on`;
const STAFF_VALUES = `@id, @unitId, @divisionId, @name, @idNumber, @sex, @birthDate, @ethnicity, @education,
  @politicalStatus, @postKey, @position, @positionLevel, @leaderKind, @retirementCategory, @enrolledOn,
  @entryChannel, @slipNumber, @slotNo, @phone, @leftOn`;
const STAFF_POSITIONS = STAFF_COLUMNS.split(',').map(() => '?').join(', ');
const STAFF_UPDATES = `unit_id = excluded.unit_id, division_id = excluded.division_id, name = excluded.name,
  id_number = excluded.id_number, sex = excluded.sex, birth_date = excluded.birth_date,
  ethnicity = excluded.ethnicity, education = excluded.education, political_status = excluded.political_status,
  post_key = excluded.post_key, position = excluded.position, position_level = excluded.position_level,
  leader_kind = excluded.leader_kind, retirement_category = excluded.retirement_category,
  enrolled_on = excluded.enrolled_on, entry_channel = excluded.entry_channel, slip_number = excluded.slip_number,
  slot_no = excluded.slot_no, phone = excluded.phone, left_on = excluded.left_on`;

// Exact name first, then names starting with the query, then the rest; stable by name and id.
const SEARCH_ORDER = `ORDER BY (s.name = @text) DESC, (substr(s.name, 1, length(@text)) = @text) DESC, s.name, s.id
  LIMIT @limit`;
const UNIT_FILTER = `(@units IS NULL OR s.unit_id IN (SELECT value FROM json_each(@units)))`;

function toStaff(r: StaffRow): StaffMember {
  return {
    id: r.id,
    unitId: r.unit_id,
    divisionId: r.division_id,
    name: r.name,
    idNumber: r.id_number,
    sex: r.sex as Sex,
    birthDate: r.birth_date,
    ethnicity: r.ethnicity,
    education: r.education as Education,
    politicalStatus: r.political_status,
    postKey: r.post_key as PostKey,
    position: r.position,
    positionLevel: r.position_level,
    leaderKind: r.leader_kind as LeaderKind | null,
    retirementCategory: r.retirement_category as RetirementCategory,
    enrolledOn: r.enrolled_on,
    entryChannel: r.entry_channel as RecruitChannel,
    slipNumber: r.slip_number,
    slotNo: r.slot_no,
    phone: r.phone,
    leftOn: r.left_on,
  };
}

function toDeparted(r: DepartedRow): DepartedStaffMember {
  return {
    ...toStaff(r),
    departedOn: r.departed_on,
    reason: r.reason as DepartureReason,
    departureNoticeNumber: r.departure_notice_number,
  };
}

function staffParams(m: StaffMember) {
  return {
    id: m.id,
    unitId: m.unitId,
    divisionId: orNull(m.divisionId),
    name: m.name,
    idNumber: m.idNumber,
    sex: m.sex,
    birthDate: m.birthDate,
    ethnicity: m.ethnicity,
    education: m.education,
    politicalStatus: m.politicalStatus,
    postKey: m.postKey,
    position: m.position,
    positionLevel: m.positionLevel,
    leaderKind: orNull(m.leaderKind),
    retirementCategory: m.retirementCategory,
    enrolledOn: m.enrolledOn,
    entryChannel: m.entryChannel,
    slipNumber: orNull(m.slipNumber),
    slotNo: orNull(m.slotNo),
    phone: m.phone,
    leftOn: orNull(m.leftOn),
  };
}

/** The row's values in STAFF_COLUMNS order, for the positional insert of a bulk write. */
function staffValues(m: StaffMember): unknown[] {
  return [
    m.id, m.unitId, orNull(m.divisionId), m.name, m.idNumber, m.sex, m.birthDate, m.ethnicity, m.education, m.politicalStatus, m.postKey,
    m.position, m.positionLevel, orNull(m.leaderKind), m.retirementCategory, m.enrolledOn, m.entryChannel, orNull(m.slipNumber), orNull(m.slotNo),
    m.phone, orNull(m.leftOn),
  ];
}

function prepare(db: Database) {
  return {
    get: db.prepare(`SELECT ${STAFF_COLUMNS} FROM staff WHERE id = ?`),
    byUnit: db.prepare(`SELECT ${STAFF_COLUMNS} FROM staff WHERE unit_id = ? ORDER BY name, id`),
    byIdNumber: db.prepare(`SELECT ${STAFF_COLUMNS} FROM staff WHERE id_number = ? ORDER BY unit_id, id`),
    count: db.prepare('SELECT count(*) AS n FROM staff'),
    countsByUnits: db.prepare(`SELECT unit_id, post_key, leader_kind, count(*) AS n FROM staff
      WHERE unit_id IN (SELECT value FROM json_each(?)) GROUP BY unit_id, post_key, leader_kind`),
    upsert: db.prepare(`INSERT INTO staff (${STAFF_COLUMNS}) VALUES (${STAFF_VALUES})
      ON CONFLICT (id) DO UPDATE SET ${STAFF_UPDATES}`),
    // Twice as fast as the upsert above for a new row (measured on 50,000: an upsert costs ~14 µs more
    // per row even when it inserts), so new rows try this first.
    insertNew: db.prepare(`INSERT INTO staff (${STAFF_COLUMNS}) VALUES (${STAFF_POSITIONS}) ON CONFLICT (id) DO NOTHING`),
    delete: db.prepare('DELETE FROM staff WHERE id = ?'),
    // 3+ characters: trigram index lookup.
    searchMatch: db.prepare(`
      SELECT ${STAFF_COLUMNS.replace(/(\w+)/g, 's.$1')} FROM staff_search f JOIN staff s ON s.seq = f.rowid
      WHERE staff_search MATCH @match AND ${UNIT_FILTER} ${SEARCH_ORDER}`),
    // 1–2 characters are below a trigram, so no index can answer them: scan the staff rows.
    // Over 50,000 staff on 2 cores this takes ~4 ms (bench/db-search.bench.ts); a LIKE on the
    // trigram table, which FTS5 also answers by a full scan below 3 characters, took ~8.5 ms.
    searchLike: db.prepare(`
      SELECT ${STAFF_COLUMNS.replace(/(\w+)/g, 's.$1')} FROM staff s
      WHERE (s.name LIKE @like ESCAPE '\\' OR s.id_number LIKE @like ESCAPE '\\') AND ${UNIT_FILTER} ${SEARCH_ORDER}`),

    getDeparted: db.prepare(`SELECT * FROM departed_staff WHERE id = ?`),
    departedByUnit: db.prepare(`SELECT * FROM departed_staff WHERE unit_id = ? ORDER BY departed_on DESC, name, id`),
    upsertDeparted: db.prepare(`
      INSERT INTO departed_staff (${STAFF_COLUMNS}, departed_on, reason, departure_notice_number)
      VALUES (${STAFF_VALUES}, @departedOn, @reason, @departureNoticeNumber)
      ON CONFLICT (id) DO UPDATE SET ${STAFF_UPDATES}, departed_on = excluded.departed_on,
        reason = excluded.reason, departure_notice_number = excluded.departure_notice_number`),
    deleteDeparted: db.prepare('DELETE FROM departed_staff WHERE id = ?'),

    // Deferred search indexing (migration 0007, deferSearchIndex).
    insertNewWithSeq: db.prepare(`INSERT INTO staff (seq, ${STAFF_COLUMNS}) VALUES (?, ${STAFF_POSITIONS}) ON CONFLICT (id) DO NOTHING`),
    maxSeq: db.prepare('SELECT coalesce(max(seq), 0) AS n FROM staff'),
    insertTriggerSql: db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'staff_search_insert'`),
    markDeferred: db.prepare('INSERT INTO staff_search_deferred (only, from_seq) VALUES (1, ?)'),
    indexAbove: db.prepare('INSERT INTO staff_search (rowid, name, id_number) SELECT seq, name, id_number FROM staff WHERE seq > ?'),
    clearDeferred: db.prepare('DELETE FROM staff_search_deferred'),
  };
}

/** 实有人员 and 减少人员, with substring search over names and ID numbers. */
export class StaffRepository {
  private readonly s: ReturnType<typeof prepare>;

  constructor(private readonly db: Database) {
    this.s = prepare(db);
  }

  get(id: string): StaffMember | null {
    const r = this.s.get.get(id) as StaffRow | undefined;
    return r ? toStaff(r) : null;
  }

  listByUnit(unitId: string): StaffMember[] {
    return (this.s.byUnit.all(unitId) as StaffRow[]).map(toStaff);
  }

  /** Everyone in establishment with this ID number — more than one is the 一人多编 alarm. */
  listByIdNumber(idNumber: string): StaffMember[] {
    return (this.s.byIdNumber.all(idNumber) as StaffRow[]).map(toStaff);
  }

  count(): number {
    return (this.s.count.get() as { n: number }).n;
  }

  /** Staff counted per unit, post key and leader kind: what the ledger summary needs, without loading people. */
  countsByUnits(unitIds: readonly string[]): Map<string, { occupied: PostCounts; leadersUsed: LeaderCounts }> {
    const out = new Map<string, { occupied: PostCounts; leadersUsed: LeaderCounts }>();
    for (const id of unitIds) out.set(id, { occupied: zeroPostCounts(), leadersUsed: zeroLeaderCounts() });
    const rows = this.s.countsByUnits.all(JSON.stringify(unitIds)) as { unit_id: string; post_key: PostKey; leader_kind: LeaderKind | null; n: number }[];
    for (const r of rows) {
      const c = out.get(r.unit_id)!;
      c.occupied[r.post_key] += r.n;
      if (r.leader_kind) c.leadersUsed[r.leader_kind] += r.n;
    }
    return out;
  }

  upsert(m: StaffMember): void {
    const values = staffValues(m);
    // A new row is inserted (during deferSearchIndex with a `seq` above the indexed ones); an existing one updated.
    const inserted = this.deferred ? this.s.insertNewWithSeq.run(this.deferred.nextSeq++, ...values) : this.s.insertNew.run(...values);
    if (inserted.changes === 0) this.s.upsert.run(staffParams(m));
  }

  /**
   * Many rows in one transaction with one prepared statement, the new rows' search index written in
   * one statement at the end (deferSearchIndex): the path for demo data and tests. All or nothing.
   */
  bulkUpsert(members: Iterable<StaffMember>): number {
    let n = 0;
    this.deferSearchIndex(() => {
      for (const m of members) {
        this.upsert(m);
        n++;
      }
    });
    return n;
  }

  /**
   * Runs `fn` (staff writes of a bulk load or a sync page) in one transaction — a savepoint when one is
   * open — with the name search index of the staff it inserts written in one statement at the end rather
   * than row by row: on 50,000 staff several times faster (bench/db-search.bench.ts). Inside the
   * transaction the insert trigger is dropped and put back (its own SQL, read from the schema), new rows
   * get `seq` numbers above every indexed one, and deletes or renames of those rows skip the index
   * (migration 0007); other connections never see any of it. Searches inside `fn` miss the new rows.
   * Nested calls join the outer one.
   */
  deferSearchIndex<T>(fn: () => T): T {
    if (this.deferred) return fn();
    return this.db.transaction(() => {
      const trigger = (this.s.insertTriggerSql.get() as { sql: string } | undefined)?.sql;
      if (!trigger) throw new Error('本地数据库缺少人员检索索引触发器，请移走本地数据库文件后重新同步。');
      const from = (this.s.maxSeq.get() as { n: number }).n;
      this.s.markDeferred.run(from);
      this.db.exec('DROP TRIGGER staff_search_insert');
      this.deferred = { nextSeq: from + 1 };
      try {
        const result = fn();
        this.s.indexAbove.run(from);
        this.s.clearDeferred.run();
        this.db.exec(trigger);
        return result;
      } finally {
        this.deferred = null;
      }
    })();
  }

  /** Set while deferSearchIndex runs: the next `seq` to give an inserted row. */
  private deferred: { nextSeq: number } | null = null;

  delete(id: string): void {
    this.s.delete.run(id);
  }

  /**
   * Staff whose name or ID number contains the query: 王 finds every 王, 王芳 finds 王芳 and 汪王芳,
   * 123456 finds the ID numbers containing it. Exact and prefix name matches come first. Case,
   * full-width characters and spaces are ignored; wildcard and quote characters are literal.
   */
  search(query: string, opts: StaffSearchOptions = {}): StaffMember[] {
    const plan = planStaffSearch(query);
    if (!plan) return [];
    const limit = Math.max(1, Math.min(500, Math.trunc(opts.limit ?? 50)));
    const units = opts.unitIds ? toJson(opts.unitIds) : null;
    const rows = plan.match
      ? this.s.searchMatch.all({ match: plan.match, text: plan.text, units, limit })
      : this.s.searchLike.all({ like: plan.like, text: plan.text, units, limit });
    return (rows as StaffRow[]).map(toStaff);
  }

  getDeparted(id: string): DepartedStaffMember | null {
    const r = this.s.getDeparted.get(id) as DepartedRow | undefined;
    return r ? toDeparted(r) : null;
  }

  /** Most recent departures first. */
  listDepartedByUnit(unitId: string): DepartedStaffMember[] {
    return (this.s.departedByUnit.all(unitId) as DepartedRow[]).map(toDeparted);
  }

  upsertDeparted(m: DepartedStaffMember): void {
    this.s.upsertDeparted.run({
      ...staffParams(m),
      departedOn: m.departedOn,
      reason: m.reason,
      departureNoticeNumber: orNull(m.departureNoticeNumber),
    });
  }

  deleteDeparted(id: string): void {
    this.s.deleteDeparted.run(id);
  }
}
