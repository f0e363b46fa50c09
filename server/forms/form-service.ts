/**
 * Issues numbered, sealed forms. The number comes from a per-(bianban, kind, year) counter row that the
 * issuing transaction updates — the row lock serialises concurrent issuers and a rollback gives the
 * number back, so numbers are gap-free. The seal is the bianban key's signature over canonical content.
 */
import { canonicalJson } from '../../domain/crypto/canonical-json';
import type { SignatureEnvelope } from '../../domain/crypto/signature';
import { formatFormNumber, formNumberPatternFor, parseFormNumber } from '../../domain/form-number';
import type { FormKind } from '../../domain/forms';
import type { Bianban } from '../../domain/model';
import type { Journal } from '../audit/journal';
import { sha256Hex } from '../audit/hash';
import type { CertificateAuthority } from '../ca/authority';
import type { Queryable } from '../db/database';
import { verifyEnvelope } from '../auth/envelope';
import { insertForm, nextFormSeq, raiseFormCounter } from '../repositories/form-repository';
import { patternOverrides } from './pattern-repository';

export { nextFormSeq } from '../repositories/form-repository';

/**
 * Numbers already taken outside this server (imported from the previous system) must never be issued
 * again: raise the counter to at least `seq` for that bianban, kind and year.
 */
export async function reserveImportedNumber(q: Queryable, bianban: Bianban, kind: FormKind, number: string): Promise<boolean> {
  const pattern = formNumberPatternFor(kind, await patternOverrides(q, bianban.id));
  const parsed = parseFormNumber(pattern, bianban.shortName, number);
  if (!parsed) return false;
  await raiseFormCounter(q, bianban.id, kind, parsed.year, parsed.seq);
  return true;
}

export async function sealContent(ca: CertificateAuthority, content: unknown): Promise<SignatureEnvelope> {
  const sig = await ca.signer.sign(new TextEncoder().encode(canonicalJson(content)));
  return {
    alg: ca.signer.alg,
    certSerial: ca.certificate.serialNumber.toLowerCase(),
    issuer: ca.certificate.issuer,
    value: Buffer.from(sig).toString('base64'),
  };
}

export async function checkSeal(ca: CertificateAuthority, content: unknown, seal: SignatureEnvelope): Promise<boolean> {
  return verifyEnvelope(seal, content, ca.certificate);
}

export interface IssuedForm<C> {
  number: string;
  kind: FormKind;
  content: C & { number: string; kind: FormKind };
  digest: string;
  seal: SignatureEnvelope;
}

/** Numbers, seals and stores a form; `build` receives the number and returns the canonical content. */
export async function issueForm<C extends object>(
  q: Queryable,
  j: Journal,
  ca: CertificateAuthority,
  o: { kind: FormKind; bianban: Bianban; unitId: string; requestId: string; issuedAt: Date; issuedOn: string; actor: string },
  build: (number: string) => C,
): Promise<IssuedForm<C>> {
  const year = Number(o.issuedOn.slice(0, 4));
  const seq = await nextFormSeq(q, o.bianban.id, o.kind, year);
  // The bianban's own pattern for this kind when it set one (read in this transaction), else the default.
  const pattern = formNumberPatternFor(o.kind, await patternOverrides(q, o.bianban.id));
  const number = formatFormNumber(pattern, { issuer: o.bianban.shortName, year, seq });
  const content = { ...build(number), number, kind: o.kind };
  const digest = sha256Hex(canonicalJson(content));
  const seal = await sealContent(ca, content);
  await insertForm(q, { number, kind: o.kind, bianbanId: o.bianban.id, unitId: o.unitId, requestId: o.requestId, year, seq, content, digest, seal, issuedAt: o.issuedAt.toISOString() });
  await j.change({ entity: 'form', id: number, unitId: o.unitId, bianbanId: o.bianban.id, data: { number, kind: o.kind, content, digest, seal, issuedAt: o.issuedAt.toISOString() } });
  await j.audit({ actor: o.actor, action: 'form.issue', entity: 'form', entityId: number, after: content, detail: { digest } });
  return { number, kind: o.kind, content, digest, seal };
}
