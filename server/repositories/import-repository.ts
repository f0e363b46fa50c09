/**
 * SQL of `ebz server import`: the look-ups that check a file against what is stored, and set-based
 * inserts for the big sections (one statement per chunk, the rows passed as one JSON parameter — still
 * parameterised, no values in the SQL text). Province-size files hold millions of staff rows.
 */
import type { OffEstablishmentCount } from '../../domain/model';
import type { Queryable } from '../db/database';

const CHUNK = 2000;

/** The tables a bulk insert may write, each with its column → expression over `e` (the row's jsonb). */
const BULK_TABLES = {
  units: { id: "e->>'id'", bianban_id: "e->>'bianbanId'", supervisor_unit_id: "e->>'supervisorUnitId'", credit_code: "e->>'creditCode'", name: "e->>'name'", data: 'e' },
  divisions: { id: "e->>'id'", unit_id: "e->>'unitId'", data: 'e' },
  ledger_entries: { id: "e->>'id'", unit_id: "e->>'unitId'", document_no: "e->>'documentNo'", date: "e->>'date'", data: 'e' },
  staff: { id: "e->>'id'", unit_id: "e->>'unitId'", id_number: "e->>'idNumber'", post_key: "e->>'postKey'", leader_kind: "e->>'leaderKind'", departed_on: "e->>'departedOn'", data: 'e' },
} as const satisfies Record<string, Record<string, string>>;

export type BulkTable = keyof typeof BULK_TABLES;

/** Inserts the records (their JSON shape is the domain type) into `table`, in order. */
export async function bulkInsert<T>(q: Queryable, table: BulkTable, rows: T[]): Promise<void> {
  const columns: Record<string, string> = BULK_TABLES[table];
  const sql = `INSERT INTO ${table} (${Object.keys(columns).join(', ')}) SELECT ${Object.values(columns).join(', ')} FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n) ORDER BY n`;
  for (let i = 0; i < rows.length; i += CHUNK) await q.query(sql, [JSON.stringify(rows.slice(i, i + CHUNK))]);
}

/** Which of these ids the table holds already. */
export async function existingIds(q: Queryable, table: 'bianbans' | 'units', ids: string[]): Promise<Set<string>> {
  const sql = table === 'bianbans' ? 'SELECT id FROM bianbans WHERE id = ANY($1)' : 'SELECT id FROM units WHERE id = ANY($1)';
  return new Set((await q.query<{ id: string }>(sql, [ids])).rows.map((r) => r.id));
}

/** Each stored unit's bianban. */
export async function bianbansOfUnits(q: Queryable, unitIds: string[]): Promise<Map<string, string>> {
  const r = await q.query<{ id: string; bianban_id: string }>('SELECT id, bianban_id FROM units WHERE id = ANY($1)', [unitIds]);
  return new Map(r.rows.map((x) => [x.id, x.bianban_id]));
}

export interface PostHolder {
  id_number: string;
  id: string;
  unit_id: string;
  unit_name: string;
}

/** The staff member who holds a post under each of these ID numbers now (一人一编), by ID number. */
export async function activeHoldersOf(q: Queryable, idNumbers: string[]): Promise<Map<string, PostHolder>> {
  const r = await q.query<PostHolder>(
    'SELECT s.id_number, s.id, s.unit_id, u.name AS unit_name FROM staff s JOIN units u ON u.id = s.unit_id WHERE s.departed_on IS NULL AND s.id_number = ANY($1)',
    [idNumbers],
  );
  return new Map(r.rows.map((x) => [x.id_number, x]));
}

export async function upsertOffEstablishment(q: Queryable, r: OffEstablishmentCount): Promise<void> {
  await q.query('INSERT INTO off_establishment (unit_id, count) VALUES ($1,$2) ON CONFLICT (unit_id) DO UPDATE SET count = EXCLUDED.count', [r.unitId, r.count]);
}
