/**
 * The reviewer's channels (编办审核人员): the review queue and decisions, and certificate issuance onto
 * a blank key. They are part of the one client contract (channels.ts spreads REVIEWER_API in); the
 * services answer them only when the logged-in key's certificate carries the reviewer role.
 * PINs appear only in requests: they go to the token and are dropped, never echoed in a response.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { RequestKindSchema } from './records';
import { REVIEWER_LEDGER_API } from './reviewer-ledger';
import { Count, Empty, Enum, Id, Instant, Int, Nullable, Str } from '../schema-kit';

const def = <Req extends TSchema, Res extends TSchema>(request: Req, response: Res) => ({ request, response });
const strict = { additionalProperties: false } as const;
const Pin = Type.String({ minLength: 4, maxLength: 64 });

export const REVIEW_STAGES = ['bianbanReview', 'supervisorReview'] as const;

export const ReviewItemSchema = Type.Object({
  id: Id,
  kind: RequestKindSchema,
  unitId: Id,
  unitName: Str(300),
  state: Str(40),
  title: Str(500),
  submittedAt: Instant,
  ageDays: Count,
  /** Problems the approval would cause (vacancy, mixed post use …); empty = a clean request, batch-approvable. */
  problems: Type.Array(Str(500)),
});
export type ReviewItem = Static<typeof ReviewItemSchema>;

export const ReviewQueueSchema = Type.Object({
  total: Count,
  countsByKind: Type.Record(Type.String(), Count),
  items: Type.Array(ReviewItemSchema),
});

const PostRowSchema = Type.Object({ postKey: Str(40), approved: Count, occupied: Count, reserved: Count, vacant: Count, vacantAfter: Count });

export const ReviewContextSchema = Type.Object({
  item: ReviewItemSchema,
  payload: Type.Unknown(),
  /** The unit's ledger per post type, live from the server, with the vacancy if this request is approved. */
  posts: Type.Array(PostRowSchema),
  ledger: Type.Array(Type.Object({ documentNo: Str(200), date: Str(20), issuer: Str(200), total: Count })),
  trail: Type.Array(Type.Object({ at: Instant, event: Str(60), actorName: Str(200), comment: Str(2000) })),
  /** The person's records elsewhere in the jurisdiction (enrollment: by ID number; 一人一编). */
  otherRecords: Type.Array(Type.Object({ unitName: Str(300), name: Str(100), status: Str(40) })),
});
export type ReviewContext = Static<typeof ReviewContextSchema>;

export const DecisionOutcomeSchema = Enum(['approve', 'return', 'reject'] as const);
export const DecisionResultSchema = Type.Object({ id: Id, ok: Type.Boolean(), state: Str(40), formNumber: Nullable(Str(64)), message: Str(1000) });

export const HistoryItemSchema = Type.Object({ id: Id, kind: RequestKindSchema, unitName: Str(300), title: Str(500), outcome: Str(40), comment: Str(2000), at: Instant, formNumber: Nullable(Str(64)) });

export const TokenSlotSchema = Type.Object({
  slotId: Str(64),
  label: Str(64),
  serialNumber: Str(64),
  initialized: Type.Boolean(),
  pinLocked: Type.Boolean(),
  /** The reviewer's own key, logged in now: never offered for issuing. */
  own: Type.Boolean(),
});
export type TokenSlot = Static<typeof TokenSlotSchema>;

export const IssuedCertificateSchema = Type.Object({
  serial: Str(128),
  unitId: Nullable(Id),
  unitName: Str(300),
  holderName: Str(100),
  role: Str(20),
  notAfter: Instant,
  revokedAt: Nullable(Instant),
  /** Days until expiry (negative when expired). */
  daysLeft: Count,
});
export type IssuedCertificate = Static<typeof IssuedCertificateSchema>;

export const REVIEWER_API = {
  'reviewer:queue': def(
    Type.Object({ kind: Type.Optional(RequestKindSchema), unitId: Type.Optional(Id), stage: Type.Optional(Enum(REVIEW_STAGES)), minAgeDays: Type.Optional(Int(0, 3650)) }, strict),
    ReviewQueueSchema,
  ),
  'reviewer:context': def(Type.Object({ id: Id }, strict), ReviewContextSchema),
  'reviewer:decide': def(Type.Object({ id: Id, outcome: DecisionOutcomeSchema, comment: Str(2000) }, strict), DecisionResultSchema),
  /** Approves each listed request that is still clean; stops at nothing, answers one result per id. */
  'reviewer:batchApprove': def(Type.Object({ ids: Type.Array(Id, { minItems: 1, maxItems: 100 }), comment: Str(2000) }, strict), Type.Array(DecisionResultSchema)),
  'reviewer:history': def(Empty, Type.Array(HistoryItemSchema)),
  'reviewer:units': def(Empty, Type.Array(Type.Object({ id: Id, name: Str(300), creditCode: Str(20) }))),

  'reviewer:tokens': def(Empty, Type.Array(TokenSlotSchema)),
  /** Blank key → initialise (SO PIN, user PIN) → key pair on the token → CSR → server issues → written back. */
  'reviewer:issue': def(
    Type.Object({ slotId: Str(64), label: Type.String({ minLength: 1, maxLength: 32 }), unitId: Id, holderName: Type.String({ minLength: 1, maxLength: 50 }), soPin: Pin, userPin: Pin, replaceSerial: Type.Optional(Str(128)) }, strict),
    Type.Object({ certificate: IssuedCertificateSchema, tokenSerial: Str(64), registerHtml: Type.String({ maxLength: 200_000 }), revokedSerial: Nullable(Str(128)) }),
  ),
  /** Logs the issued key in to the server as its holder would (the officer checks it before handing it over). */
  'reviewer:verifyToken': def(Type.Object({ tokenSerial: Str(64), pin: Pin }, strict), Type.Object({ ok: Type.Boolean(), unitName: Str(300), message: Str(1000) })),
  'reviewer:unlockPin': def(Type.Object({ tokenSerial: Str(64), soPin: Pin, newPin: Pin }, strict), Type.Object({ ok: Type.Literal(true) })),
  'reviewer:certificates': def(Empty, Type.Array(IssuedCertificateSchema)),
  'reviewer:revoke': def(Type.Object({ serial: Str(128), reason: Type.String({ minLength: 1, maxLength: 500 }) }, strict), IssuedCertificateSchema),
  ...REVIEWER_LEDGER_API,
} as const;
