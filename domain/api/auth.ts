import { Type, type Static } from '@sinclair/typebox';
import { SignatureEnvelopeSchema } from './common';
import { Enum } from '../schema-kit';

export const ChallengeResponse = Type.Object({ challenge: Type.String(), expiresAt: Type.String() });
export type ChallengeResponse = Static<typeof ChallengeResponse>;

/** The login signature is over canonicalJson({ challenge, purpose: 'login' }). */
export const LoginBody = Type.Object(
  {
    certificate: Type.String({ minLength: 100, maxLength: 8192 }),
    challenge: Type.String({ minLength: 16, maxLength: 128 }),
    signature: SignatureEnvelopeSchema,
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const PrincipalSchema = Type.Object({
  certSerial: Type.String(),
  role: Enum(['unit', 'reviewer'] as const),
  unitId: Type.Union([Type.String(), Type.Null()]),
  bianbanId: Type.Union([Type.String(), Type.Null()]),
  holderName: Type.String(),
});
export type Principal = Static<typeof PrincipalSchema>;

export const LoginResponse = Type.Object({ token: Type.String(), expiresAt: Type.String(), principal: PrincipalSchema });
export type LoginResponse = Static<typeof LoginResponse>;

/**
 * Certificate extension present only on demo keys (docs/usb-key.md: e-Bianzhi arc .1.3). A server in
 * production mode refuses such certificates at login and does not issue them.
 */
export const DEMO_CERTIFICATE_OID = '1.3.6.1.4.1.59999.1.3';
