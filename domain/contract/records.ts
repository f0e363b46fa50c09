/**
 * Schemas of the domain records as they cross the client API (model.ts, forms.ts, requests.ts). The
 * `satisfies` checks at the bottom keep each schema and its domain type in step: a field added to a
 * domain type without its schema fails the typecheck.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ALARM_KINDS } from '../alarms';
import { FORM_KINDS, NOTICE_KINDS } from '../forms/printable-forms';
import type { Notice, PostUseSlip } from '../forms';
import {
  DEPARTURE_REASONS,
  EDUCATIONS,
  RECRUIT_CHANNELS,
  UNIT_KINDS,
  UNIT_RANKS,
  type DepartedStaffMember,
  type LedgerEntry,
  type StaffMember,
  type Unit,
} from '../model';
import { FUNDINGS, LEADER_KINDS, POST_KEYS } from '../posts';
import { REQUEST_KINDS, REQUEST_STATES, type TrailEntry } from '../requests';
import { Count, DateStr, Enum, Id, Instant, Int, Nullable, ServerId, Sha256Hex, Str } from '../schema-kit';

export const PostKeySchema = Enum(POST_KEYS);
export const LeaderKindSchema = Enum(LEADER_KINDS);
export const FundingSchema = Enum(FUNDINGS);
export const EducationSchema = Enum(EDUCATIONS);
export const RecruitChannelSchema = Enum(RECRUIT_CHANNELS);
export const DepartureReasonSchema = Enum(DEPARTURE_REASONS);
export const RequestKindSchema = Enum(REQUEST_KINDS);
export const RequestStateSchema = Enum(REQUEST_STATES);
export const AlarmKindSchema = Enum(ALARM_KINDS);
export const FormKindSchema = Enum(FORM_KINDS);
export const SexSchema = Enum(['male', 'female'] as const);

export const PostCountsSchema = Type.Object(Object.fromEntries(POST_KEYS.map((k) => [k, Count])) as Record<(typeof POST_KEYS)[number], typeof Count>);
export const PartialPostCountsSchema = Type.Partial(PostCountsSchema);
export const LeaderCountsSchema = Type.Object(
  Object.fromEntries(LEADER_KINDS.map((k) => [k, Count])) as Record<(typeof LEADER_KINDS)[number], typeof Count>,
);

export const UnitSchema = Type.Object({
  id: Id,
  name: Str(100),
  creditCode: Str(18),
  kind: Enum(UNIT_KINDS),
  rank: Enum(UNIT_RANKS),
  fundingForm: FundingSchema,
  bianbanId: Id,
  supervisorUnitId: Nullable(Id),
  functions: Str(20_000),
  powerList: Type.Array(Str(2000), { maxItems: 2000 }),
  address: Str(200),
  phone: Str(50),
  establishedOn: DateStr,
  history: Type.Array(Type.Object({ date: DateStr, text: Str(2000) }), { maxItems: 1000 }),
  abolished: Type.Boolean(),
});

export const LedgerEntrySchema = Type.Object({
  id: Id,
  unitId: Id,
  documentNo: Str(100),
  date: DateStr,
  issuer: Str(100),
  postDeltas: PartialPostCountsSchema,
  leaderDeltas: Type.Partial(LeaderCountsSchema),
  note: Str(2000),
});

const staffFields = {
  id: Id,
  unitId: Id,
  divisionId: Nullable(Id),
  name: Str(50),
  idNumber: Str(24),
  sex: SexSchema,
  birthDate: DateStr,
  ethnicity: Str(20),
  education: EducationSchema,
  politicalStatus: Str(20),
  postKey: PostKeySchema,
  position: Str(100),
  positionLevel: Str(100),
  leaderKind: Nullable(LeaderKindSchema),
  retirementCategory: Enum(['male', 'female-50', 'female-55'] as const),
  enrolledOn: DateStr,
  entryChannel: RecruitChannelSchema,
  slipNumber: Nullable(Str(64)),
  slotNo: Nullable(Int(1, 1000)),
  phone: Str(30),
  leftOn: Nullable(DateStr),
};
export const StaffMemberSchema = Type.Object(staffFields);
export const DepartedStaffSchema = Type.Object({
  ...staffFields,
  departedOn: DateStr,
  reason: DepartureReasonSchema,
  departureNoticeNumber: Nullable(Str(64)),
});

export const SlipSlotSchema = Type.Object({
  slotNo: Int(1, 1000),
  staffId: Nullable(Id),
  staffName: Nullable(Str(50)),
  usedOn: Nullable(DateStr),
});

export const PostUseSlipSchema = Type.Object({
  number: Str(64),
  requestId: Id,
  unitId: Id,
  bianbanId: Id,
  postKey: PostKeySchema,
  fundingForm: Nullable(FundingSchema),
  recruitChannel: RecruitChannelSchema,
  count: Int(1, 1000),
  issuedOn: DateStr,
  validUntil: DateStr,
  atApproval: Type.Object({ approved: Count, occupied: Count, reserved: Count, vacant: Count }),
  slots: Type.Array(SlipSlotSchema, { maxItems: 1000 }),
  status: Enum(['active', 'usedUp', 'expired', 'revoked'] as const),
  opinion: Str(2000),
});

export const NoticeSchema = Type.Object({
  number: Str(64),
  kind: Enum(NOTICE_KINDS),
  requestId: Id,
  unitId: Id,
  staffId: Id,
  issuedOn: DateStr,
  slipNumber: Nullable(Str(64)),
  slotNo: Nullable(Int(1, 1000)),
});

export const TrailEntrySchema = Type.Object({
  at: Instant,
  event: Enum(['submit', 'accept', 'supervisorApprove', 'approve', 'return', 'reject', 'withdraw', 'revise'] as const),
  from: RequestStateSchema,
  to: RequestStateSchema,
  actor: Str(200),
  actorName: Str(200),
  comment: Str(2000),
});

// ── request payloads: what the officer fills in, the client signs and the server takes (one schema for all three) ──

export const PostUsePayloadSchema = Type.Object(
  { postKey: PostKeySchema, count: Int(1, 1000), recruitChannel: RecruitChannelSchema, reason: Str(2000) },
  { additionalProperties: false },
);

export const EnrollmentPersonSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 50 }),
    idNumber: Type.String({ minLength: 15, maxLength: 24 }),
    sex: SexSchema,
    birthDate: DateStr,
    ethnicity: Str(20),
    education: EducationSchema,
    politicalStatus: Str(20),
    phone: Str(30),
  },
  { additionalProperties: false },
);

export const EnrollmentPayloadSchema = Type.Object(
  {
    slipNumber: Type.String({ minLength: 1, maxLength: 64 }),
    slotNo: Int(1, 1000),
    person: EnrollmentPersonSchema,
    divisionId: Nullable(ServerId),
    position: Str(100),
    positionLevel: Str(100),
    enrolledOn: DateStr,
    photoDigest: Nullable(Sha256Hex),
  },
  { additionalProperties: false },
);

export const DeparturePayloadSchema = Type.Object(
  { staffId: ServerId, reason: DepartureReasonSchema, departedOn: DateStr, note: Str(2000) },
  { additionalProperties: false },
);

export const ChangePayloadSchema = Type.Object(
  {
    target: Enum(['staff', 'unit'] as const),
    targetId: ServerId,
    changes: Type.Array(Type.Object({ field: Str(40), from: Str(500), to: Str(500) }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 20,
    }),
    reason: Str(2000),
  },
  { additionalProperties: false },
);

/** A complete payload tagged by kind: what requests:submit takes. */
export const KindedPayloadSchema = Type.Union([
  Type.Object({ kind: Type.Literal('postUse'), payload: PostUsePayloadSchema }),
  Type.Object({ kind: Type.Literal('enrollment'), payload: EnrollmentPayloadSchema }),
  Type.Object({ kind: Type.Literal('departure'), payload: DeparturePayloadSchema }),
  Type.Object({ kind: Type.Literal('change'), payload: ChangePayloadSchema }),
]);

// Compile-time agreement between the schemas and the domain types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _agree: [
  Same<Static<typeof UnitSchema>, Unit>,
  Same<Static<typeof LedgerEntrySchema>, LedgerEntry>,
  Same<Static<typeof StaffMemberSchema>, StaffMember>,
  Same<Static<typeof DepartedStaffSchema>, DepartedStaffMember>,
  Same<Static<typeof PostUseSlipSchema>, PostUseSlip>,
  Same<Static<typeof NoticeSchema>, Notice>,
  Same<Static<typeof TrailEntrySchema>, TrailEntry>,
] = [true, true, true, true, true, true, true];
void _agree;
