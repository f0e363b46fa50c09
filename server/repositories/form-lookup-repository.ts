/** Issued forms looked up by number (GET /api/v1/forms/:number). */
import type { SignatureEnvelope } from '../../domain/crypto/signature';
import type { FormKind } from '../../domain/forms';
import type { Queryable } from '../db/database';

export interface IssuedForm {
  number: string;
  kind: FormKind;
  unitId: string;
  content: unknown;
  digest: string;
  seal: SignatureEnvelope;
  issuedAt: string;
}

export async function findIssuedForm(q: Queryable, number: string): Promise<IssuedForm | null> {
  const r = await q.query<{ number: string; kind: FormKind; unit_id: string; content: unknown; digest: string; seal: SignatureEnvelope; issued_at: string }>(
    'SELECT number, kind, unit_id, content, digest, seal, issued_at FROM forms WHERE number = $1',
    [number],
  );
  const f = r.rows[0];
  return f ? { number: f.number, kind: f.kind, unitId: f.unit_id, content: f.content, digest: f.digest, seal: f.seal, issuedAt: f.issued_at } : null;
}
