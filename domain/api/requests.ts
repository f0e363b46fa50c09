import { Type, type Static } from '@sinclair/typebox';
import { DEPARTURE_REASONS, EDUCATIONS, RECRUIT_CHANNELS } from '../model';
import { REQUEST_KINDS, REQUEST_STATES } from '../requests';
import { Id, IsoDate, PostKeySchema, SignatureEnvelopeSchema, StringEnum, Text, Uuid } from './common';

const strict = { additionalProperties: false } as const;

export const PostUsePayloadSchema = Type.Object(
  {
    postKey: PostKeySchema,
    count: Type.Integer({ minimum: 1, maximum: 1000 }),
    recruitChannel: StringEnum(RECRUIT_CHANNELS),
    reason: Text(2000),
  },
  strict,
);

export const EnrollmentPayloadSchema = Type.Object(
  {
    slipNumber: Type.String({ minLength: 1, maxLength: 64 }),
    slotNo: Type.Integer({ minimum: 1, maximum: 1000 }),
    person: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 50 }),
        idNumber: Type.String({ minLength: 15, maxLength: 24 }),
        sex: StringEnum(['male', 'female'] as const),
        birthDate: IsoDate,
        ethnicity: Text(20),
        education: StringEnum(EDUCATIONS),
        politicalStatus: Text(20),
        phone: Text(30),
      },
      strict,
    ),
    divisionId: Type.Union([Id, Type.Null()]),
    position: Text(100),
    positionLevel: Text(100),
    enrolledOn: IsoDate,
    photoDigest: Type.Union([Type.String({ pattern: '^[0-9a-f]{64}$' }), Type.Null()]),
  },
  strict,
);

export const DeparturePayloadSchema = Type.Object(
  { staffId: Id, reason: StringEnum(DEPARTURE_REASONS), departedOn: IsoDate, note: Text(2000) },
  strict,
);

export const ChangePayloadSchema = Type.Object(
  {
    target: StringEnum(['staff', 'unit'] as const),
    targetId: Id,
    changes: Type.Array(Type.Object({ field: Type.String({ maxLength: 40 }), from: Text(500), to: Text(500) }, strict), {
      minItems: 1,
      maxItems: 20,
    }),
    reason: Text(2000),
  },
  strict,
);

const base = { id: Uuid, unitId: Id, createdAt: Type.String({ format: 'date-time', maxLength: 40 }), signature: SignatureEnvelopeSchema };

/** One outbox item: the request as the unit signed it. The signature covers canonicalJson of everything but `signature`. */
export const SignedRequestSchema = Type.Union([
  Type.Object({ ...base, kind: Type.Literal('postUse'), payload: PostUsePayloadSchema }, strict),
  Type.Object({ ...base, kind: Type.Literal('enrollment'), payload: EnrollmentPayloadSchema }, strict),
  Type.Object({ ...base, kind: Type.Literal('departure'), payload: DeparturePayloadSchema }, strict),
  Type.Object({ ...base, kind: Type.Literal('change'), payload: ChangePayloadSchema }, strict),
]);
export type SignedRequest = Static<typeof SignedRequestSchema>;

export const PushBody = Type.Object({ requests: Type.Array(SignedRequestSchema, { minItems: 1, maxItems: 100 }) }, strict);
export type PushBody = Static<typeof PushBody>;

export const PushResult = Type.Object({
  id: Type.String(),
  status: StringEnum(['accepted', 'duplicate'] as const),
  state: StringEnum(REQUEST_STATES),
});
export type PushResult = Static<typeof PushResult>;
export const PushResponse = Type.Object({ results: Type.Array(PushResult) });

export const TrailEntrySchema = Type.Object({
  at: Type.String(),
  event: Type.String(),
  from: Type.String(),
  to: Type.String(),
  actor: Type.String(),
  actorName: Type.String(),
  comment: Type.String(),
});

export const RequestView = Type.Object({
  id: Type.String(),
  kind: StringEnum(REQUEST_KINDS),
  unitId: Type.String(),
  unitName: Type.String(),
  state: StringEnum(REQUEST_STATES),
  payload: Type.Unknown(),
  createdAt: Type.String(),
  submittedAt: Type.String(),
  trail: Type.Array(TrailEntrySchema),
  result: Type.Union([Type.Null(), Type.Object({ formNumber: Type.Optional(Type.String()), staffId: Type.Optional(Type.String()) })]),
});
export type RequestView = Static<typeof RequestView>;

export const QueueQuery = Type.Object(
  {
    kind: Type.Optional(StringEnum(REQUEST_KINDS)),
    unitId: Type.Optional(Id),
    state: Type.Optional(StringEnum(['supervisorReview', 'bianbanReview'] as const)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    offset: Type.Optional(Type.Integer({ minimum: 0 })),
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
  { outcome: StringEnum(['approve', 'return', 'reject'] as const), comment: Text(2000) },
  strict,
);
export type DecisionBody = Static<typeof DecisionBody>;
export const DecisionResponse = Type.Object({ request: RequestView });

/** The unit takes its request back before a decision (撤回). */
export const WithdrawBody = Type.Object({ reason: Text(2000) }, strict);
export type WithdrawBody = Static<typeof WithdrawBody>;

/**
 * A returned request, revised and signed again by its unit (修改后重新提交): the same shape as a push
 * item; id, kind and unitId must be those of the returned request.
 */
export const ResubmitBody = SignedRequestSchema;
export type ResubmitBody = SignedRequest;
