import { Type, type Static } from '@sinclair/typebox';
import { Enum, ServerId } from '../schema-kit';

export const IssueCertificateBody = Type.Object(
  {
    csr: Type.String({ minLength: 100, maxLength: 16384 }),
    role: Enum(['unit', 'reviewer'] as const),
    unitId: Type.Optional(ServerId),
    bianbanId: Type.Optional(ServerId),
    holderName: Type.String({ minLength: 1, maxLength: 50 }),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  { additionalProperties: false },
);
export type IssueCertificateBody = Static<typeof IssueCertificateBody>;

export const CertificateView = Type.Object({
  serial: Type.String(),
  role: Type.String(),
  unitId: Type.Union([Type.String(), Type.Null()]),
  bianbanId: Type.Union([Type.String(), Type.Null()]),
  subject: Type.String(),
  holderName: Type.String(),
  certificate: Type.String(),
  notAfter: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
export type CertificateView = Static<typeof CertificateView>;

export const RevokeBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
