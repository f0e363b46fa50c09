/** SQL of 台账管理: ledger documents (migration 0005), divisions, and moving records when units merge. */
import type { Division, LedgerEntry } from '../../domain/model';
import type { LedgerDocumentMeta } from '../../domain/api/reviewer-ledger';
import type { Journal } from '../audit/journal';
import type { Queryable } from '../db/database';

export async function putLedgerDocument(
  q: Queryable,
  d: { entryId: string; unitId: string; fileName: string; sha256: string; bytes: Buffer; uploadedAt: string; uploadedBy: string },
): Promise<void> {
  await q.query(
    `INSERT INTO ledger_documents (ledger_entry_id, unit_id, file_name, sha256, size, bytes, uploaded_at, uploaded_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
    [d.entryId, d.unitId, d.fileName, d.sha256, d.bytes.length, d.bytes, d.uploadedAt, d.uploadedBy],
  );
}

export async function getLedgerDocument(q: Queryable, entryId: string): Promise<(LedgerDocumentMeta & { unitId: string; bytes: Buffer }) | null> {
  const r = await q.query<{ unit_id: string; file_name: string; sha256: string; size: number; bytes: Uint8Array }>(
    'SELECT unit_id, file_name, sha256, size, bytes FROM ledger_documents WHERE ledger_entry_id = $1',
    [entryId],
  );
  const x = r.rows[0];
  // pg answers bytea as a Buffer, PGlite as a Uint8Array.
  return x ? { unitId: x.unit_id, fileName: x.file_name, sha256: x.sha256, size: Number(x.size), bytes: Buffer.from(x.bytes) } : null;
}

export async function ledgerDocumentsOf(q: Queryable, unitId: string): Promise<Map<string, LedgerDocumentMeta>> {
  const r = await q.query<{ ledger_entry_id: string; file_name: string; sha256: string; size: number }>(
    'SELECT ledger_entry_id, file_name, sha256, size FROM ledger_documents WHERE unit_id = $1',
    [unitId],
  );
  return new Map(r.rows.map((x) => [x.ledger_entry_id, { fileName: x.file_name, sha256: x.sha256, size: Number(x.size) }]));
}

/** A unit's ledger in document order (date, then 文号). */
export async function ledgerEntriesOf(q: Queryable, unitId: string): Promise<LedgerEntry[]> {
  const r = await q.query<{ data: LedgerEntry }>('SELECT data FROM ledger_entries WHERE unit_id = $1 ORDER BY date, document_no', [unitId]);
  return r.rows.map((x) => x.data);
}

/** The name of the unit holding this credit code, or null when none does. */
export async function unitNameByCreditCode(q: Queryable, creditCode: string): Promise<string | null> {
  const r = await q.query<{ name: string }>('SELECT name FROM units WHERE credit_code = $1', [creditCode]);
  return r.rows[0]?.name ?? null;
}

/** Whether the unit already has a division of this name that is not abolished. */
export async function liveDivisionNamed(q: Queryable, unitId: string, name: string): Promise<boolean> {
  const r = await q.query(`SELECT 1 FROM divisions WHERE unit_id = $1 AND data->>'name' = $2 AND NOT coalesce((data->>'abolished')::boolean, false)`, [unitId, name]);
  return r.rows.length > 0;
}

export async function approvedTotals(q: Queryable, unitId: string): Promise<Record<string, number>> {
  const r = await q.query<{ key: string; total: string }>(
    `SELECT d.key, SUM((d.value)::text::integer) AS total FROM ledger_entries e, jsonb_each(e.data->'postDeltas') d WHERE e.unit_id = $1 GROUP BY d.key`,
    [unitId],
  );
  return Object.fromEntries(r.rows.map((x) => [x.key, Number(x.total)]));
}

export async function documentNoTaken(q: Queryable, unitId: string, documentNo: string): Promise<boolean> {
  const r = await q.query('SELECT 1 FROM ledger_entries WHERE unit_id = $1 AND document_no = $2', [unitId, documentNo]);
  return r.rows.length > 0;
}

export async function activeStaffCount(q: Queryable, unitId: string): Promise<number> {
  const r = await q.query<{ n: string }>('SELECT count(*) AS n FROM staff WHERE unit_id = $1 AND departed_on IS NULL', [unitId]);
  return Number(r.rows[0]?.n ?? 0);
}

export async function staffInDivision(q: Queryable, divisionId: string): Promise<number> {
  const r = await q.query<{ n: string }>(`SELECT count(*) AS n FROM staff WHERE data->>'divisionId' = $1 AND departed_on IS NULL`, [divisionId]);
  return Number(r.rows[0]?.n ?? 0);
}

export async function pendingRequestCount(q: Queryable, unitId: string): Promise<number> {
  const r = await q.query<{ n: string }>(`SELECT count(*) AS n FROM requests WHERE unit_id = $1 AND state IN ('submitted','supervisorReview','bianbanReview')`, [unitId]);
  return Number(r.rows[0]?.n ?? 0);
}

/** Slips still holding posts on `today`: the SQL twin of domain/ledger.ts `slipIsLive`. */
export async function liveSlipCount(q: Queryable, unitId: string, today: string): Promise<number> {
  const r = await q.query<{ n: string }>(`SELECT count(*) AS n FROM slips WHERE unit_id = $1 AND status = 'active' AND valid_until >= $2`, [unitId, today]);
  return Number(r.rows[0]?.n ?? 0);
}

export async function activeSubordinates(q: Queryable, unitId: string): Promise<{ id: string; name: string }[]> {
  const r = await q.query<{ id: string; name: string }>(`SELECT id, name FROM units WHERE supervisor_unit_id = $1 AND NOT coalesce((data->>'abolished')::boolean, false)`, [unitId]);
  return r.rows;
}

export async function getDivision(q: Queryable, id: string): Promise<Division | null> {
  const r = await q.query<{ data: Division }>('SELECT data FROM divisions WHERE id = $1 FOR UPDATE', [id]);
  return r.rows[0]?.data ?? null;
}

export async function updateDivision(q: Queryable, j: Journal, d: Division, bianbanId: string): Promise<void> {
  await q.query('UPDATE divisions SET data = $2 WHERE id = $1', [d.id, JSON.stringify(d)]);
  await j.change({ entity: 'division', id: d.id, unitId: d.unitId, bianbanId, data: d });
}

/** Moves the active staff of one unit to another (merge); each moved person is a change for sync. */
export async function moveStaff(q: Queryable, j: Journal, from: string, to: string, bianbanId: string): Promise<number> {
  const r = await q.query<{ id: string; data: Record<string, unknown> }>(
    `UPDATE staff SET unit_id = $2, data = jsonb_set(jsonb_set(data, '{unitId}', to_jsonb($2::text)), '{divisionId}', 'null'::jsonb)
      WHERE unit_id = $1 AND departed_on IS NULL RETURNING id, data`,
    [from, to],
  );
  for (const s of r.rows) await j.change({ entity: 'staff', id: s.id, unitId: to, bianbanId, data: s.data });
  return r.rows.length;
}

/** Moves the ledger entries (and their documents) of one unit to another (merge). */
export async function moveLedger(q: Queryable, j: Journal, from: string, to: string, bianbanId: string): Promise<number> {
  const r = await q.query<{ id: string; data: Record<string, unknown> }>(
    `UPDATE ledger_entries SET unit_id = $2, data = jsonb_set(data, '{unitId}', to_jsonb($2::text)) WHERE unit_id = $1 RETURNING id, data`,
    [from, to],
  );
  await q.query('UPDATE ledger_documents SET unit_id = $2 WHERE unit_id = $1', [from, to]);
  for (const e of r.rows) await j.change({ entity: 'ledgerEntry', id: e.id, unitId: to, bianbanId, data: e.data });
  return r.rows.length;
}

/** Subordinate institutions of a merged department now report to the surviving unit. */
export async function moveSubordinates(q: Queryable, j: Journal, from: string, to: string): Promise<number> {
  const r = await q.query<{ id: string; bianban_id: string; data: Record<string, unknown> }>(
    `UPDATE units SET supervisor_unit_id = $2, data = jsonb_set(data, '{supervisorUnitId}', to_jsonb($2::text)) WHERE supervisor_unit_id = $1 RETURNING id, bianban_id, data`,
    [from, to],
  );
  for (const u of r.rows) await j.change({ entity: 'unit', id: u.id, unitId: u.id, bianbanId: u.bianban_id, data: u.data });
  return r.rows.length;
}
