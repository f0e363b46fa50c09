/**
 * The signature envelope that travels with every signed request and every sealed form.
 * - `ECDSA-P256-SHA256`: SHA-256 of the canonical bytes, signed with CKM_ECDSA; `value` is the raw
 *   r||s (64 bytes, IEEE P1363 — what PKCS#11 returns), base64.
 * - `RSA-PKCS1-SHA256`: RSASSA-PKCS1-v1_5 with SHA-256 DigestInfo; `value` base64.
 * `certSerial` (hex, lower case) + `issuer` name the signing certificate; `certificate` (PEM) is
 * included when the verifier may not have it yet.
 */
export const SIGNATURE_ALGORITHMS = ['ECDSA-P256-SHA256', 'RSA-PKCS1-SHA256'] as const;
export type SignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

export interface SignatureEnvelope {
  alg: SignatureAlgorithm;
  certSerial: string;
  issuer: string;
  value: string;
  certificate?: string;
}
