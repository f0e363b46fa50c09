/** What only the reviewer workspace reads: certificates of a jurisdiction, a person's records province-wide. */
import type { IssuedCertificateRow, PersonRecord } from '../../domain/api/reviewer';
import type { Queryable } from '../db/database';

export async function certificatesOfJurisdiction(q: Queryable, bianbanIds: string[]): Promise<IssuedCertificateRow[]> {
  const r = await q.query<{ serial: string; role: string; unit_id: string | null; unit_name: string | null; bianban_id: string | null; holder_name: string; not_after: string; issued_at: string; revoked_at: string | null }>(
    `SELECT c.serial, c.role, c.unit_id, u.name AS unit_name, c.bianban_id, c.holder_name, c.not_after, c.issued_at, c.revoked_at
       FROM certificates c LEFT JOIN units u ON u.id = c.unit_id
      WHERE c.role IN ('unit', 'reviewer') AND (u.bianban_id = ANY($1::text[]) OR c.bianban_id = ANY($1::text[]))
      ORDER BY c.issued_at DESC LIMIT 5000`,
    [bianbanIds],
  );
  return r.rows.map((c) => ({
    serial: c.serial,
    role: c.role,
    unitId: c.unit_id,
    unitName: c.unit_name ?? '',
    bianbanId: c.bianban_id,
    holderName: c.holder_name,
    notAfter: new Date(c.not_after).toISOString(),
    issuedAt: new Date(c.issued_at).toISOString(),
    revokedAt: c.revoked_at ? new Date(c.revoked_at).toISOString() : null,
  }));
}

export async function personRecords(q: Queryable, idNumber: string): Promise<PersonRecord[]> {
  const r = await q.query<{ unit_id: string; unit_name: string; name: string; departed_on: string | null }>(
    `SELECT s.unit_id, u.name AS unit_name, s.data->>'name' AS name, s.departed_on FROM staff s JOIN units u ON u.id = s.unit_id
      WHERE s.id_number = $1 ORDER BY s.departed_on NULLS FIRST LIMIT 50`,
    [idNumber.toUpperCase()],
  );
  return r.rows.map((x) => ({ unitId: x.unit_id, unitName: x.unit_name, name: x.name ?? '', departedOn: x.departed_on }));
}
