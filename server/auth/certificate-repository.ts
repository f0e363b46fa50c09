import type { Queryable } from '../db/database';

export interface CertificateBinding {
  serial: string;
  issuer: string;
  spkiSha256: string;
  role: 'unit' | 'reviewer' | 'server';
  unitId: string | null;
  bianbanId: string | null;
  subject: string;
  holderName: string;
  pem: string;
  notBefore: string;
  notAfter: string;
  issuedAt: string;
  issuedBy: string;
  revokedAt: string | null;
  revocationReason: string | null;
}

interface Row {
  serial: string;
  issuer: string;
  spki_sha256: string;
  role: CertificateBinding['role'];
  unit_id: string | null;
  bianban_id: string | null;
  subject: string;
  holder_name: string;
  pem: string;
  not_before: string;
  not_after: string;
  issued_at: string;
  issued_by: string;
  revoked_at: string | null;
  revocation_reason: string | null;
}

const fromRow = (r: Row): CertificateBinding => ({
  serial: r.serial,
  issuer: r.issuer,
  spkiSha256: r.spki_sha256,
  role: r.role,
  unitId: r.unit_id,
  bianbanId: r.bianban_id,
  subject: r.subject,
  holderName: r.holder_name,
  pem: r.pem,
  notBefore: r.not_before,
  notAfter: r.not_after,
  issuedAt: r.issued_at,
  issuedBy: r.issued_by,
  revokedAt: r.revoked_at,
  revocationReason: r.revocation_reason,
});

export async function findCertificate(q: Queryable, serial: string): Promise<CertificateBinding | null> {
  const r = await q.query<Row>('SELECT * FROM certificates WHERE serial = $1', [serial]);
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

export async function insertCertificate(q: Queryable, c: CertificateBinding): Promise<void> {
  await q.query(
    `INSERT INTO certificates (serial, issuer, spki_sha256, role, unit_id, bianban_id, subject, holder_name, pem, not_before, not_after, issued_at, issued_by, revoked_at, revocation_reason)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
    [c.serial, c.issuer, c.spkiSha256, c.role, c.unitId, c.bianbanId, c.subject, c.holderName, c.pem, c.notBefore, c.notAfter, c.issuedAt, c.issuedBy, c.revokedAt, c.revocationReason],
  );
}

/** Returns the binding as it was before revocation, or null when it did not exist or was already revoked. */
export async function revokeCertificate(q: Queryable, serial: string, at: string, reason: string): Promise<CertificateBinding | null> {
  const before = await q.query<Row>('SELECT * FROM certificates WHERE serial = $1 AND revoked_at IS NULL FOR UPDATE', [serial]);
  if (!before.rows[0]) return null;
  await q.query('UPDATE certificates SET revoked_at = $2, revocation_reason = $3 WHERE serial = $1', [serial, at, reason]);
  await q.query('DELETE FROM sessions WHERE cert_serial = $1', [serial]);
  return fromRow(before.rows[0]);
}

export async function revokedCertificates(q: Queryable): Promise<{ serial: string; revokedAt: string }[]> {
  const r = await q.query<{ serial: string; revoked_at: string }>('SELECT serial, revoked_at FROM certificates WHERE revoked_at IS NOT NULL ORDER BY revoked_at');
  return r.rows.map((x) => ({ serial: x.serial, revokedAt: x.revoked_at }));
}
