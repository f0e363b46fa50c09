import type { Queryable } from '../../../server/db/database';

const TABLES = ['requests', 'staff', 'slips', 'slip_slots', 'forms', 'form_counters', 'certificates', 'audit_log', 'changes', 'units', 'ledger_entries'];

/** Row counts plus a digest of every business table: equal fingerprints mean nothing changed. */
export async function fingerprint(q: Queryable): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of TABLES) {
    const r = await q.query<{ n: number; h: string | null }>(`SELECT count(*)::int AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS h FROM ${t} x`);
    out[t] = `${r.rows[0]?.n}:${r.rows[0]?.h ?? ''}`;
  }
  return out;
}
