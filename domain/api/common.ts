/**
 * HTTP shapes shared by the server and the client: pure TypeBox, no Node imports.
 * One schema per shape drives validation, serialisation and the TypeScript type.
 */
import { Type, type Static } from '@sinclair/typebox';
import { POST_KEYS } from '../posts';
import { SIGNATURE_ALGORITHMS } from '../crypto/signature';

export const StringEnum = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
export const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });
export const PostKeySchema = StringEnum(POST_KEYS);
export const Text = (max = 500) => Type.String({ maxLength: max });

export const SignatureEnvelopeSchema = Type.Object(
  {
    alg: StringEnum(SIGNATURE_ALGORITHMS),
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
