/**
 * HTTP shapes of the request workflow: push, the review queue, decisions, withdraw and resubmit. The
 * payloads are the record schemas of ../contract/records.ts (what the officer fills in is what is signed
 * and what the server takes).
 */
import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Enum, ServerId, Str, Uuid } from '../schema-kit';
import { ChangePayloadSchema, DeparturePayloadSchema, EnrollmentPayloadSchema, PostUsePayloadSchema, RequestKindSchema, RequestStateSchema, TrailEntrySchema } from '../contract/records';
import { SignatureEnvelopeSchema } from './common';

const strict = { additionalProperties: false } as const;

const base = { id: Uuid, unitId: ServerId, createdAt: DateTime, signature: SignatureEnvelopeSchema };

/** One outbox item: the request as the unit signed it. The signature covers canonicalJson of everything but `signature`. */
export const SignedRequestSchema = Type.Union([
  Type.Object({ ...base, kind: Type.Literal('postUse'), payload: PostUsePayloadSchema }, strict),
  Type.Object({ ...base, kind: Type.Literal('enrollment'), payload: EnrollmentPayloadSchema }, strict),
  Type.Object({ ...base, kind: Type.Literal('departure'), payload: DeparturePayloadSchema }, strict),
  Type.Object({ ...base, kind: Type.Literal('change'), payload: ChangePayloadSchema }, strict),
]);
export type SignedRequest = Static<typeof SignedRequestSchema>;

export const PushBody = Type.Object(
  {
    requests: Type.Array(SignedRequestSchema, { minItems: 1, maxItems: 100 }),
    /** The client's sync protocol version (protocol 2 onwards; see ./sync.ts). */
    protocolVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  strict,
);
export type PushBody = Static<typeof PushBody>;

export const PushResult = Type.Object({
  id: Type.String(),
  status: Enum(['accepted', 'duplicate'] as const),
  state: RequestStateSchema,
});
export type PushResult = Static<typeof PushResult>;
export const PushResponse = Type.Object({ results: Type.Array(PushResult) });

export const RequestView = Type.Object({
  id: Type.String(),
  kind: RequestKindSchema,
  unitId: Type.String(),
  unitName: Type.String(),
  state: RequestStateSchema,
  payload: Type.Unknown(),
  createdAt: Type.String(),
  submittedAt: Type.String(),
  trail: Type.Array(TrailEntrySchema),
  result: Type.Union([Type.Null(), Type.Object({ formNumber: Type.Optional(Type.String()), staffId: Type.Optional(Type.String()) })]),
});
export type RequestView = Static<typeof RequestView>;

export const QueueQuery = Type.Object(
  {
    kind: Type.Optional(RequestKindSchema),
    unitId: Type.Optional(ServerId),
    state: Type.Optional(Enum(['supervisorReview', 'bianbanReview'] as const)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
  },
  strict,
);
export type QueueQuery = Static<typeof QueueQuery>;
export const QueueResponse = Type.Object({
  total: Type.Integer(),
  countsByKind: Type.Record(Type.String(), Type.Integer()),
  items: Type.Array(RequestView),
});

export const DecisionBody = Type.Object(
  { outcome: Enum(['approve', 'return', 'reject'] as const), comment: Str(2000) },
  strict,
);
export type DecisionBody = Static<typeof DecisionBody>;
export const DecisionResponse = Type.Object({ request: RequestView });

/** The unit takes its request back before a decision (撤回). */
export const WithdrawBody = Type.Object({ reason: Str(2000) }, strict);
export type WithdrawBody = Static<typeof WithdrawBody>;

/**
 * A returned request, revised and signed again by its unit (修改后重新提交): the same shape as a push
 * item; id, kind and unitId must be those of the returned request.
 */
export const ResubmitBody = SignedRequestSchema;
export type ResubmitBody = SignedRequest;
