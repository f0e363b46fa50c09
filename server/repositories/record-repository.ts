/**
 * Bianbans, units, ledger, staff and slips. Writes go through the Journal so the change log (sync) and
 * the audit chain always move together with the data.
 */
import type { PostUseSlip, SlipSlot, SlipStatus } from '../../domain/forms';
import type { Bianban, DepartedStaffMember, Division, LedgerEntry, StaffMember, Unit } from '../../domain/model';
import type { Journal } from '../audit/journal';
import type { Queryable } from '../db/database';

export async function getBianban(q: Queryable, id: string): Promise<Bianban | null> {
  const r = await q.query<{ data: Bianban }>('SELECT data FROM bianbans WHERE id = $1', [id]);
  return r.rows[0]?.data ?? null;
}

export async function getUnit(q: Queryable, id: string, forUpdate = false): Promise<Unit | null> {
  const r = await q.query<{ data: Unit }>(`SELECT data FROM units WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return r.rows[0]?.data ?? null;
}

export async function insertBianban(q: Queryable, j: Journal, b: Bianban): Promise<void> {
  await q.query('INSERT INTO bianbans (id, parent_id, level, region_code, data) VALUES ($1,$2,$3,$4,$5)', [b.id, b.parentId, b.level, b.regionCode, JSON.stringify(b)]);
  await j.change({ entity: 'bianban', id: b.id, unitId: null, bianbanId: b.id, data: b });
}

export async function insertUnit(q: Queryable, j: Journal, u: Unit): Promise<void> {
  await q.query('INSERT INTO units (id, bianban_id, supervisor_unit_id, credit_code, name, data) VALUES ($1,$2,$3,$4,$5,$6)', [
    u.id,
    u.bianbanId,
    u.supervisorUnitId,
    u.creditCode,
    u.name,
    JSON.stringify(u),
  ]);
  await j.change({ entity: 'unit', id: u.id, unitId: u.id, bianbanId: u.bianbanId, data: u });
}

export async function updateUnit(q: Queryable, j: Journal, u: Unit): Promise<void> {
  await q.query('UPDATE units SET name = $2, data = $3 WHERE id = $1', [u.id, u.name, JSON.stringify(u)]);
  await j.change({ entity: 'unit', id: u.id, unitId: u.id, bianbanId: u.bianbanId, data: u });
}

export async function insertDivision(q: Queryable, j: Journal, d: Division, bianbanId: string): Promise<void> {
  await q.query('INSERT INTO divisions (id, unit_id, data) VALUES ($1,$2,$3)', [d.id, d.unitId, JSON.stringify(d)]);
  await j.change({ entity: 'division', id: d.id, unitId: d.unitId, bianbanId, data: d });
}

export async function insertLedgerEntry(q: Queryable, j: Journal, e: LedgerEntry, bianbanId: string): Promise<void> {
  await q.query('INSERT INTO ledger_entries (id, unit_id, document_no, date, data) VALUES ($1,$2,$3,$4,$5)', [e.id, e.unitId, e.documentNo, e.date, JSON.stringify(e)]);
  await j.change({ entity: 'ledgerEntry', id: e.id, unitId: e.unitId, bianbanId, data: e });
}

export async function getStaff(q: Queryable, id: string): Promise<{ staff: StaffMember; departed: boolean } | null> {
  const r = await q.query<{ data: StaffMember; departed_on: string | null }>('SELECT data, departed_on FROM staff WHERE id = $1', [id]);
  const row = r.rows[0];
  return row ? { staff: row.data, departed: row.departed_on !== null } : null;
}

/** The unit (other than `exceptUnitId`… or any) where this ID number currently holds a post. */
export async function activePostOf(q: Queryable, idNumber: string): Promise<{ staffId: string; unitId: string; unitName: string } | null> {
  const r = await q.query<{ id: string; unit_id: string; name: string }>(
    'SELECT s.id, s.unit_id, u.name FROM staff s JOIN units u ON u.id = s.unit_id WHERE s.id_number = $1 AND s.departed_on IS NULL',
    [idNumber],
  );
  const row = r.rows[0];
  return row ? { staffId: row.id, unitId: row.unit_id, unitName: row.name } : null;
}

export async function insertStaff(q: Queryable, j: Journal, s: StaffMember, bianbanId: string): Promise<void> {
  await q.query('INSERT INTO staff (id, unit_id, id_number, post_key, leader_kind, data) VALUES ($1,$2,$3,$4,$5,$6)', [
    s.id,
    s.unitId,
    s.idNumber,
    s.postKey,
    s.leaderKind,
    JSON.stringify(s),
  ]);
  await j.change({ entity: 'staff', id: s.id, unitId: s.unitId, bianbanId, data: s });
}

export async function updateStaff(q: Queryable, j: Journal, s: StaffMember, bianbanId: string): Promise<void> {
  await q.query('UPDATE staff SET post_key = $2, leader_kind = $3, data = $4 WHERE id = $1 AND departed_on IS NULL', [s.id, s.postKey, s.leaderKind, JSON.stringify(s)]);
  await j.change({ entity: 'staff', id: s.id, unitId: s.unitId, bianbanId, data: s });
}

/** Moves a person to departed staff: the row stays (never deleted); the replica's staff entry is removed. */
export async function departStaff(q: Queryable, j: Journal, d: DepartedStaffMember, bianbanId: string): Promise<void> {
  await q.query('UPDATE staff SET departed_on = $2, data = $3 WHERE id = $1 AND departed_on IS NULL', [d.id, d.departedOn, JSON.stringify(d)]);
  await j.change({ entity: 'staff', id: d.id, unitId: d.unitId, bianbanId, data: null });
  await j.change({ entity: 'departedStaff', id: d.id, unitId: d.unitId, bianbanId, data: d });
}

export async function insertDepartedStaff(q: Queryable, j: Journal, d: DepartedStaffMember, bianbanId: string): Promise<void> {
  await q.query('INSERT INTO staff (id, unit_id, id_number, post_key, leader_kind, departed_on, data) VALUES ($1,$2,$3,$4,$5,$6,$7)', [
    d.id,
    d.unitId,
    d.idNumber,
    d.postKey,
    d.leaderKind,
    d.departedOn,
    JSON.stringify(d),
  ]);
  await j.change({ entity: 'departedStaff', id: d.id, unitId: d.unitId, bianbanId, data: d });
}

type SlipRow = { number: string; status: SlipStatus; data: Omit<PostUseSlip, 'slots' | 'status'> };

async function slotsOf(q: Queryable, numbers: string[]): Promise<Map<string, SlipSlot[]>> {
  const r = await q.query<{ slip_number: string; slot_no: number; staff_id: string | null; used_on: string | null; name: string | null }>(
    `SELECT ss.slip_number, ss.slot_no, ss.staff_id, ss.used_on, s.data->>'name' AS name
       FROM slip_slots ss LEFT JOIN staff s ON s.id = ss.staff_id WHERE ss.slip_number = ANY($1) ORDER BY ss.slip_number, ss.slot_no`,
    [numbers],
  );
  const m = new Map<string, SlipSlot[]>();
  for (const x of r.rows) {
    const list = m.get(x.slip_number) ?? [];
    list.push({ slotNo: x.slot_no, staffId: x.staff_id, staffName: x.name, usedOn: x.used_on });
    m.set(x.slip_number, list);
  }
  return m;
}

export async function getSlip(q: Queryable, number: string, forUpdate = false): Promise<PostUseSlip | null> {
  const r = await q.query<SlipRow>(`SELECT number, status, data FROM slips WHERE number = $1${forUpdate ? ' FOR UPDATE' : ''}`, [number]);
  const row = r.rows[0];
  if (!row) return null;
  return { ...row.data, status: row.status, slots: (await slotsOf(q, [number])).get(number) ?? [] };
}

export async function slipsOfUnit(q: Queryable, unitId: string): Promise<PostUseSlip[]> {
  const r = await q.query<SlipRow>(`SELECT number, status, data FROM slips WHERE unit_id = $1 AND status = 'active'`, [unitId]);
  const slots = await slotsOf(q, r.rows.map((x) => x.number));
  return r.rows.map((row) => ({ ...row.data, status: row.status, slots: slots.get(row.number) ?? [] }));
}

export async function insertSlip(q: Queryable, j: Journal, s: PostUseSlip): Promise<void> {
  const { slots, status, ...data } = s;
  await q.query(
    'INSERT INTO slips (number, unit_id, bianban_id, request_id, post_key, count, issued_on, valid_until, status, data) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)',
    [s.number, s.unitId, s.bianbanId, s.requestId || null, s.postKey, s.count, s.issuedOn, s.validUntil, status, JSON.stringify(data)],
  );
  for (const slot of slots) {
    await q.query('INSERT INTO slip_slots (slip_number, slot_no, staff_id, used_on) VALUES ($1,$2,$3,$4)', [s.number, slot.slotNo, slot.staffId, slot.usedOn]);
  }
  await j.change({ entity: 'slip', id: s.number, unitId: s.unitId, bianbanId: s.bianbanId, data: s });
}

/** Consumes one slot exactly once: only a still-empty slot is updated. */
export async function useSlot(q: Queryable, number: string, slotNo: number, staffId: string, usedOn: string): Promise<boolean> {
  const r = await q.query('UPDATE slip_slots SET staff_id = $3, used_on = $4 WHERE slip_number = $1 AND slot_no = $2 AND staff_id IS NULL', [number, slotNo, staffId, usedOn]);
  return r.rowCount === 1;
}

export async function setSlipStatus(q: Queryable, number: string, status: SlipStatus): Promise<void> {
  await q.query('UPDATE slips SET status = $2 WHERE number = $1', [number, status]);
}

/**
 * Marks every active slip whose validity ended before `today` expired; returns their numbers. The SQL
 * twin of domain/ledger.ts `slipIsLive`: an active slip is live while valid_until >= today.
 */
export async function expireSlipsBefore(q: Queryable, today: string): Promise<string[]> {
  const r = await q.query<{ number: string }>(`UPDATE slips SET status = 'expired' WHERE status = 'active' AND valid_until < $1 RETURNING number`, [today]);
  return r.rows.map((x) => x.number);
}

export async function recordSlipChange(q: Queryable, j: Journal, number: string): Promise<PostUseSlip> {
  const s = await getSlip(q, number);
  if (!s) throw new Error(`slip ${number} vanished`);
  await j.change({ entity: 'slip', id: s.number, unitId: s.unitId, bianbanId: s.bianbanId, data: s });
  return s;
}

export async function ledgerInput(q: Queryable, unitId: string) {
  const entries = (await q.query<{ data: LedgerEntry }>('SELECT data FROM ledger_entries WHERE unit_id = $1', [unitId])).rows.map((r) => r.data);
  const staff = (
    await q.query<{ post_key: StaffMember['postKey']; leader_kind: StaffMember['leaderKind'] }>(
      'SELECT post_key, leader_kind FROM staff WHERE unit_id = $1 AND departed_on IS NULL',
      [unitId],
    )
  ).rows.map((r) => ({ postKey: r.post_key, leaderKind: r.leader_kind }));
  const slips = await slipsOfUnit(q, unitId);
  return { entries, staff, slips };
}
