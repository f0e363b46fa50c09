/** Public check of a printed form: is it ours (seal), and is it still current. */
import { PRINT_FORM_TITLES } from '../../domain/forms/printable-forms';
import { slipStatusOn } from '../../domain/ledger';
import { todayOf } from '../../domain/validation/calendar';
import type { AppDeps } from '../context';
import { notFound } from '../http/errors';
import type { VerifyResponse } from '../../domain/api/forms';
import { sha256Hex } from '../audit/hash';
import { canonicalJson } from '../../domain/crypto/canonical-json';
import { formForCheck } from '../repositories/form-repository';
import { checkSeal } from './form-service';

const STATUS_LABELS = { current: '有效', usedUp: '已用完', expired: '已过期', revoked: '已作废' } as const;

export async function verifyForm(d: AppDeps, number: string, digest?: string): Promise<VerifyResponse> {
  const f = await formForCheck(d.db, number);
  if (!f) throw notFound(`未找到编号为“${number}”的表单：该编号不是本编办签发的，请当心伪造`);
  const genuine = sha256Hex(canonicalJson(f.content)) === f.digest && (await checkSeal(d.ca, f.content, f.seal));
  // A notice has no slip; a slip form takes its slip's status as of today.
  const slip = f.slipStatus !== null && f.validUntil !== null ? slipStatusOn({ status: f.slipStatus, validUntil: f.validUntil }, todayOf(d.now())) : null;
  let status: VerifyResponse['status'] = 'current';
  if (f.revokedAt || slip === 'revoked') status = 'revoked';
  else if (slip === 'usedUp') status = 'usedUp';
  else if (slip === 'expired') status = 'expired';
  const out: VerifyResponse = {
    number,
    kind: f.kind,
    kindLabel: PRINT_FORM_TITLES[f.kind],
    genuine,
    status,
    statusLabel: STATUS_LABELS[status],
    issuedOn: String(f.content.issuedOn ?? f.issuedAt.slice(0, 10)),
    unitName: f.unitName,
    issuer: f.bianbanName,
    digest: f.digest,
  };
  if (digest) out.digestMatches = digest === f.digest;
  return out;
}
