/** Public check of a printed form: is it ours (seal), and is it still current. */
import type { SignatureEnvelope } from '../../domain/crypto/signature';
import type { FormKind } from '../../domain/forms';
import { PRINT_FORM_TITLES } from '../../domain/forms/printable-forms';
import { todayOf, type AppDeps } from '../context';
import { notFound } from '../http/errors';
import type { VerifyResponse } from '../../domain/api/forms';
import { sha256Hex } from '../audit/hash';
import { canonicalJson } from '../../domain/crypto/canonical-json';
import { checkSeal } from './form-service';

const STATUS_LABELS = { current: '有效', usedUp: '已用完', expired: '已过期', revoked: '已作废' } as const;

export async function verifyForm(d: AppDeps, number: string, digest?: string): Promise<VerifyResponse> {
  const r = await d.db.query<{ kind: FormKind; content: Record<string, unknown>; digest: string; seal: SignatureEnvelope; issued_at: string; revoked_at: string | null; unit_name: string; bianban_name: string; slip_status: string | null; valid_until: string | null }>(
    `SELECT f.kind, f.content, f.digest, f.seal, f.issued_at, f.revoked_at, u.name AS unit_name, b.data->>'name' AS bianban_name,
            s.status AS slip_status, s.valid_until
       FROM forms f JOIN units u ON u.id = f.unit_id JOIN bianbans b ON b.id = f.bianban_id
       LEFT JOIN slips s ON s.number = f.number
      WHERE f.number = $1`,
    [number],
  );
  const f = r.rows[0];
  if (!f) throw notFound(`未找到编号为“${number}”的表单：该编号不是本编办签发的，请当心伪造`);
  const genuine = sha256Hex(canonicalJson(f.content)) === f.digest && (await checkSeal(d.ca, f.content, f.seal));
  let status: VerifyResponse['status'] = 'current';
  if (f.revoked_at || f.slip_status === 'revoked') status = 'revoked';
  else if (f.slip_status === 'usedUp') status = 'usedUp';
  else if (f.slip_status === 'expired' || (f.slip_status === 'active' && f.valid_until !== null && f.valid_until < todayOf(d.now()))) status = 'expired';
  const out: VerifyResponse = {
    number,
    kind: f.kind,
    kindLabel: PRINT_FORM_TITLES[f.kind],
    genuine,
    status,
    statusLabel: STATUS_LABELS[status],
    issuedOn: String(f.content.issuedOn ?? f.issued_at.slice(0, 10)),
    unitName: f.unit_name,
    issuer: f.bianban_name,
    digest: f.digest,
  };
  if (digest) out.digestMatches = digest === f.digest;
  return out;
}
