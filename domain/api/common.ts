/**
 * HTTP shapes every area of the server shares: pure TypeBox from the one kit (../schema-kit.ts).
 * One schema per shape drives the server's validation and serialisation, the client's check of each
 * answer and the TypeScript type.
 */
import { Type, type Static } from '@sinclair/typebox';
import { SIGNATURE_ALGORITHMS } from '../crypto/signature';
import { Enum } from '../schema-kit';

export const SignatureEnvelopeSchema = Type.Object(
  {
    alg: Enum(SIGNATURE_ALGORITHMS),
    certSerial: Type.String({ pattern: '^[0-9a-f]{1,64}$' }),
    issuer: Type.String({ maxLength: 500 }),
    value: Type.String({ maxLength: 1024, pattern: '^[A-Za-z0-9+/=]+$' }),
    certificate: Type.Optional(Type.String({ maxLength: 8192 })),
  },
  { additionalProperties: false },
);

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
  }),
});
export type ErrorResponse = Static<typeof ErrorResponse>;

export const HealthResponse = Type.Object({ status: Type.Literal('ok'), database: Type.String(), time: Type.String() });
