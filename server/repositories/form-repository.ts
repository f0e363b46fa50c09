/**
 * Issued forms and their number counters. A counter row per (bianban, kind, year), updated in the issuing
 * transaction: the row lock serialises concurrent issuers and a rollback gives the number back.
 */
import type { SignatureEnvelope } from '../../domain/crypto/signature';
import type { FormKind, SlipStatus } from '../../domain/forms';
import type { Queryable } from '../db/database';

/** The next sequence number for this bianban, kind and year (1 for the first). */
export async function nextFormSeq(q: Queryable, bianbanId: string, kind: FormKind, year: number): Promise<number> {
  const r = await q.query<{ last: number }>(
    `INSERT INTO form_counters (bianban_id, kind, year, last) VALUES ($1, $2, $3, 1)
     ON CONFLICT (bianban_id, kind, year) DO UPDATE SET last = form_counters.last + 1 RETURNING last`,
    [bianbanId, kind, year],
  );
  return r.rows[0]!.last;
}

/** Raises the counter to at least `seq` (a number taken outside this server). */
export async function raiseFormCounter(q: Queryable, bianbanId: string, kind: FormKind, year: number, seq: number): Promise<void> {
  await q.query(
    `INSERT INTO form_counters (bianban_id, kind, year, last) VALUES ($1, $2, $3, $4)
     ON CONFLICT (bianban_id, kind, year) DO UPDATE SET last = GREATEST(form_counters.last, EXCLUDED.last)`,
    [bianbanId, kind, year, seq],
  );
}

export async function insertForm(
  q: Queryable,
  f: { number: string; kind: FormKind; bianbanId: string; unitId: string; requestId: string; year: number; seq: number; content: unknown; digest: string; seal: SignatureEnvelope; issuedAt: string },
): Promise<void> {
  await q.query(
    'INSERT INTO forms (number, kind, bianban_id, unit_id, request_id, year, seq, content, digest, seal, issued_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)',
    [f.number, f.kind, f.bianbanId, f.unitId, f.requestId, f.year, f.seq, JSON.stringify(f.content), f.digest, JSON.stringify(f.seal), f.issuedAt],
  );
}

/** What the public check of a printed form needs: the form, its issuer and unit, and its slip's state. */
export interface FormForCheck {
  kind: FormKind;
  content: Record<string, unknown>;
  digest: string;
  seal: SignatureEnvelope;
  issuedAt: string;
  revokedAt: string | null;
  unitName: string;
  bianbanName: string;
  slipStatus: SlipStatus | null;
  validUntil: string | null;
}

export async function formForCheck(q: Queryable, number: string): Promise<FormForCheck | null> {
  const r = await q.query<{ kind: FormKind; content: Record<string, unknown>; digest: string; seal: SignatureEnvelope; issued_at: string; revoked_at: string | null; unit_name: string; bianban_name: string; slip_status: SlipStatus | null; valid_until: string | null }>(
    `SELECT f.kind, f.content, f.digest, f.seal, f.issued_at, f.revoked_at, u.name AS unit_name, b.data->>'name' AS bianban_name,
            s.status AS slip_status, s.valid_until
       FROM forms f JOIN units u ON u.id = f.unit_id JOIN bianbans b ON b.id = f.bianban_id
       LEFT JOIN slips s ON s.number = f.number
      WHERE f.number = $1`,
    [number],
  );
  const f = r.rows[0];
  return f
    ? {
        kind: f.kind,
        content: f.content,
        digest: f.digest,
        seal: f.seal,
        issuedAt: f.issued_at,
        revokedAt: f.revoked_at,
        unitName: f.unit_name,
        bianbanName: f.bianban_name,
        slipStatus: f.slip_status,
        validUntil: f.valid_until,
      }
    : null;
}
