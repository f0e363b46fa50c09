import { Type, type Static } from '@sinclair/typebox';
import { FORM_KINDS } from '../forms';
import { SignatureEnvelopeSchema, StringEnum } from './common';

export const VerifyParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 64 }) });
export const VerifyQuery = Type.Object({ digest: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })) });

/** Public answer of GET /verify/{number}: only what the printed form already shows. */
export const VerifyResponse = Type.Object({
  number: Type.String(),
  kind: StringEnum(FORM_KINDS),
  kindLabel: Type.String(),
  genuine: Type.Boolean(),
  status: StringEnum(['current', 'usedUp', 'expired', 'revoked'] as const),
  statusLabel: Type.String(),
  issuedOn: Type.String(),
  unitName: Type.String(),
  issuer: Type.String(),
  digest: Type.String(),
  digestMatches: Type.Optional(Type.Boolean()),
});
export type VerifyResponse = Static<typeof VerifyResponse>;

export const FormView = Type.Object({
  number: Type.String(),
  kind: StringEnum(FORM_KINDS),
  content: Type.Unknown(),
  digest: Type.String(),
  seal: SignatureEnvelopeSchema,
  issuedAt: Type.String(),
});
export type FormView = Static<typeof FormView>;
