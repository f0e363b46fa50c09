import { Type, type Static } from '@sinclair/typebox';
import { FORM_KINDS } from '../forms';
import { SignatureEnvelopeSchema } from './common';
import { Enum, Sha256Hex } from '../schema-kit';

export const VerifyParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 64 }) });
export const VerifyQuery = Type.Object({ digest: Type.Optional(Sha256Hex) });

/** Public answer of GET /verify/{number}: only what the printed form already shows. */
export const VerifyResponse = Type.Object({
  number: Type.String(),
  kind: Enum(FORM_KINDS),
  kindLabel: Type.String(),
  genuine: Type.Boolean(),
  status: Enum(['current', 'usedUp', 'expired', 'revoked'] as const),
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
  kind: Enum(FORM_KINDS),
  content: Type.Unknown(),
  digest: Type.String(),
  seal: SignatureEnvelopeSchema,
  issuedAt: Type.String(),
});
export type FormView = Static<typeof FormView>;

/** A bianban's form-number patterns: `patterns` is what numbering uses (own setting or default), `custom` its own settings. */
export const FormNumberPatternsView = Type.Object({
  bianbanId: Type.String(),
  patterns: Type.Record(Type.String(), Type.String()),
  custom: Type.Record(Type.String(), Type.String()),
});
export type FormNumberPatternsView = Static<typeof FormNumberPatternsView>;

/** Sets (a string) or resets to the default (null) the pattern of each listed form kind. */
export const SetFormNumberPatternsBody = Type.Object(
  {
    patterns: Type.Object(
      {
        postUseSlip: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
        enrollmentNotice: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
        departureNotice: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
      },
      { additionalProperties: false, minProperties: 1 },
    ),
  },
  { additionalProperties: false },
);
export type SetFormNumberPatternsBody = Static<typeof SetFormNumberPatternsBody>;
