/**
 * Removable-media bundles (docs/sync.md, "Removable media"): a unit with no private-network link exports
 * its outbox into an encrypted, signed file; its supervising department (or a reviewer) hands it to the
 * server, which answers a results bundle for the unit. These are the shapes both sides share.
 */
import { Type, type Static } from '@sinclair/typebox';
import { SignatureEnvelopeSchema } from './common';
import { Enum, ServerId, Sha256Hex, Uuid } from '../schema-kit';
import { ChangeSchema } from './sync';

export const BUNDLE_FORMAT = 'ebz-bundle';
export const BUNDLE_VERSION = 1;
/** Key agreement, key derivation and cipher of every bundle (the `alg` of the outer header). */
export const BUNDLE_ALG = 'ECDH-ES-X25519+HKDF-SHA256+A256GCM';
/** Largest bundle the server accepts in one import (bytes of the file's text). */
export const BUNDLE_MAX_BYTES = 32 * 1024 * 1024;

const B64 = (max: number) => Type.String({ maxLength: max, pattern: '^[A-Za-z0-9+/=]*$' });
const Hex64 = Sha256Hex;

/**
 * The outer header, in clear: who the file is for and how to open it. The canonical JSON of every field
 * but `ciphertext` is the AEAD's additional data, so changing any of them makes decryption fail.
 */
export const BundleEnvelopeSchema = Type.Object(
  {
    format: Type.Literal(BUNDLE_FORMAT),
    version: Type.Literal(BUNDLE_VERSION),
    kind: Enum(['outbox', 'results'] as const),
    bundleId: Uuid,
    unitId: ServerId,
    alg: Type.Literal(BUNDLE_ALG),
    /** SHA-256 (hex) of the recipient's raw X25519 public key. */
    recipientKeyId: Hex64,
    /** The sender's ephemeral X25519 public key, raw 32 bytes, base64. */
    epk: B64(64),
    iv: B64(32),
    /** AES-256-GCM ciphertext with the 16-byte tag appended, base64. */
    ciphertext: B64(BUNDLE_MAX_BYTES * 2),
  },
  { additionalProperties: false },
);
export type BundleEnvelope = Static<typeof BundleEnvelopeSchema>;

/** The bianban's bundle encryption key, certified by the CA so an offline unit can check it. */
export const BundleKeyContent = Type.Object(
  {
    purpose: Type.Literal('bundleEncryption'),
    alg: Type.Literal('X25519'),
    /** Raw 32-byte public key, base64. */
    publicKey: B64(64),
    keyId: Hex64,
    createdAt: Type.String({ maxLength: 40 }),
  },
  { additionalProperties: false },
);
export type BundleKeyContent = Static<typeof BundleKeyContent>;

export const CertifiedBundleKey = Type.Object({
  key: BundleKeyContent,
  /** The CA's signature over canonicalJson(key). */
  signature: SignatureEnvelopeSchema,
});
export type CertifiedBundleKey = Static<typeof CertifiedBundleKey>;

/** Signed by the unit's key: canonicalJson(manifest) is what the envelope covers. */
export const OutboxManifestSchema = Type.Object(
  {
    kind: Type.Literal('outbox'),
    bundleId: Uuid,
    unitId: ServerId,
    creditCode: Type.String({ maxLength: 18 }),
    bianbanId: ServerId,
    createdAt: Type.String({ maxLength: 40 }),
    itemCount: Type.Integer({ minimum: 0 }),
    /** SHA-256 (hex) of canonicalJson(items). */
    payloadSha256: Hex64,
    /** The replica's pull cursor: the results carry the unit's changes after it. */
    cursor: Type.Integer({ minimum: 0 }),
    /** Raw X25519 public key the results bundle is encrypted to (its private half stays on the unit's machine). */
    replyKey: B64(64),
    recipientKeyId: Hex64,
  },
  { additionalProperties: false },
);
export type OutboxManifest = Static<typeof OutboxManifestSchema>;

/** Plaintext of an outbox bundle. `items` are the signed requests exactly as the push API takes them. */
export interface OutboxBundle {
  manifest: OutboxManifest;
  signature: Static<typeof SignatureEnvelopeSchema>;
  items: unknown[];
}

export const BundleItemResultSchema = Type.Object({
  id: Uuid,
  status: Enum(['accepted', 'duplicate', 'refused'] as const),
  state: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
  /** The server's Chinese reason, for a refusal. */
  message: Type.Optional(Type.String()),
});
export type BundleItemResult = Static<typeof BundleItemResultSchema>;

/** Signed by the bianban's CA key: canonicalJson(manifest). */
export const ResultsManifestSchema = Type.Object(
  {
    kind: Type.Literal('results'),
    bundleId: Uuid,
    /** The outbox bundle these results answer. */
    inReplyTo: Uuid,
    unitId: ServerId,
    createdAt: Type.String({ maxLength: 40 }),
    itemCount: Type.Integer({ minimum: 0 }),
    changeCount: Type.Integer({ minimum: 0 }),
    /** Changes are those after `after` up to and including `cursor`. */
    after: Type.Integer({ minimum: 0 }),
    cursor: Type.Integer({ minimum: 0 }),
    payloadSha256: Hex64,
  },
  { additionalProperties: false },
);
export type ResultsManifest = Static<typeof ResultsManifestSchema>;

export const ResultsPayloadSchema = Type.Object({
  results: Type.Array(BundleItemResultSchema),
  changes: Type.Array(ChangeSchema),
  /** The current bundle key, so the unit's next export needs no other channel. */
  bundleKey: CertifiedBundleKey,
});
export type ResultsPayload = Static<typeof ResultsPayloadSchema>;

export interface ResultsBundle {
  manifest: ResultsManifest;
  signature: Static<typeof SignatureEnvelopeSchema>;
  payload: ResultsPayload;
}

export const ImportBundleBody = Type.Object({ bundle: Type.String({ minLength: 1, maxLength: BUNDLE_MAX_BYTES }) }, { additionalProperties: false });
export type ImportBundleBody = Static<typeof ImportBundleBody>;

export const ImportBundleResponse = Type.Object({
  /** The results bundle file's text, for the unit. */
  results: Type.String(),
  summary: Type.Object({
    bundleId: Uuid,
    unitId: ServerId,
    unitName: Type.String(),
    accepted: Type.Integer(),
    duplicate: Type.Integer(),
    refused: Type.Integer(),
    changes: Type.Integer(),
  }),
});
export type ImportBundleResponse = Static<typeof ImportBundleResponse>;
