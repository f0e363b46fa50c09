/**
 * What the client services answer: view shapes made for the screens (names joined in, lists paged,
 * ID numbers masked in lists). Codes travel as codes; the renderer shows the Chinese labels from domain/.
 */
import { Type, type Static } from '@sinclair/typebox';
import { PRINT_FORMS } from '../forms/printable-forms';
import { EDUCATIONS, UNIT_KINDS, UNIT_RANKS } from '../model';
import {
  AlarmKindSchema,
  DepartedStaffSchema,
  FundingSchema,
  LeaderKindSchema,
  LedgerEntrySchema,
  NoticeSchema,
  PostKeySchema,
  PostUseSlipSchema,
  RequestKindSchema,
  RequestStateSchema,
  SexSchema,
  StaffMemberSchema,
  TrailEntrySchema,
  UnitSchema,
} from './records';
import { Count, DateStr, Enum, Id, Instant, Int, Nullable, Str } from '../schema-kit';

// ── app and key ──

export const AppInfoSchema = Type.Object({
  mode: Enum(['electron', 'browser'] as const),
  version: Str(40),
  today: DateStr,
  demo: Type.Boolean(),
  serverUrl: Nullable(Str(300)),
});
export type AppInfo = Static<typeof AppInfoSchema>;

export const PinFlagsSchema = Type.Object({ countLow: Type.Boolean(), finalTry: Type.Boolean(), locked: Type.Boolean() });

export const KeyIdentityViewSchema = Type.Object({
  unitName: Str(200),
  holderName: Str(200),
  creditCode: Str(40),
  role: Enum(['unit', 'reviewer'] as const),
  serial: Str(80),
  notAfter: Instant,
  demo: Type.Boolean(),
});

/**
 * absent: no key; present: inserted, not logged in; loggedIn: PIN accepted, the app is open;
 * pinLocked: too many wrong PINs — only the bianban can unlock.
 */
export const KeyStateSchema = Enum(['absent', 'present', 'loggedIn', 'pinLocked'] as const);
export const KeyStatusSchema = Type.Object({
  state: KeyStateSchema,
  kind: Nullable(Enum(['pkcs11', 'demo'] as const)),
  displayName: Str(200),
  pin: Nullable(PinFlagsSchema),
  identity: Nullable(KeyIdentityViewSchema),
  /** The replica unit the key's certificate belongs to, once logged in. */
  unitId: Nullable(Id),
  /** Why the app is locked or the key unusable, in Chinese; null when all is well. */
  message: Nullable(Str(500)),
});
export type KeyStatus = Static<typeof KeyStatusSchema>;

// ── home, unit, ledger ──

export const UnitBriefSchema = Type.Object({
  id: Id,
  name: Str(100),
  kind: Enum(UNIT_KINDS),
  rank: Enum(UNIT_RANKS),
  fundingForm: FundingSchema,
  creditCode: Str(18),
  supervisorUnitId: Nullable(Id),
});
export type UnitBrief = Static<typeof UnitBriefSchema>;

export const PostRowSchema = Type.Object({ key: PostKeySchema, approved: Count, occupied: Count, reserved: Count, vacant: Count });
export type PostRow = Static<typeof PostRowSchema>;
export const LeaderRowSchema = Type.Object({ kind: LeaderKindSchema, quota: Count, used: Count });
export const TotalsSchema = Type.Object({ approved: Count, occupied: Count, reserved: Count, vacant: Count });

export const SummaryViewSchema = Type.Object({
  posts: Type.Array(PostRowSchema),
  totals: TotalsSchema,
  leaders: Type.Array(LeaderRowSchema),
});
export type SummaryView = Static<typeof SummaryViewSchema>;

export const AlarmViewSchema = Type.Object({
  kind: AlarmKindSchema,
  unitId: Id,
  unitName: Str(300),
  subject: Nullable(Str(200)),
  message: Str(1000),
  advice: Str(1000),
});
export type AlarmView = Static<typeof AlarmViewSchema>;

export const ScopeSchema = Enum(['unit', 'subtree'] as const);
export type Scope = Static<typeof ScopeSchema>;

export const HomeSummarySchema = Type.Object({
  unit: UnitBriefSchema,
  today: DateStr,
  subordinateCount: Count,
  own: SummaryViewSchema,
  /** Own unit plus subordinates (equal to `own` for a unit without subordinates). */
  subtree: SummaryViewSchema,
  openRequests: Type.Object({ total: Count, waitingUpload: Count, returned: Count }),
  alarms: Type.Object({ total: Count, byKind: Type.Array(Type.Object({ kind: AlarmKindSchema, count: Count })), top: Type.Array(AlarmViewSchema) }),
  lastSyncAt: Nullable(Instant),
  staffCount: Count,
  departedCount: Count,
  offEstablishment: Count,
});
export type HomeSummary = Static<typeof HomeSummarySchema>;

export const UnitNodeSchema = Type.Object({
  id: Id,
  name: Str(100),
  kind: Enum(UNIT_KINDS),
  supervisorUnitId: Nullable(Id),
  staffCount: Count,
});
export type UnitNode = Static<typeof UnitNodeSchema>;

export const UnitInfoSchema = Type.Object({
  unit: UnitSchema,
  bianbanName: Str(100),
  supervisor: Nullable(Type.Object({ id: Id, name: Str(100) })),
  divisions: Type.Array(Type.Object({ id: Id, name: Str(100), staffCount: Count })),
  /** The unit and everything under it, flat; the renderer draws the tree from supervisorUnitId. */
  tree: Type.Array(UnitNodeSchema),
  offEstablishment: Count,
});
export type UnitInfo = Static<typeof UnitInfoSchema>;

export const LedgerViewSchema = Type.Object({
  entries: Type.Array(Type.Object({ ...LedgerEntrySchema.properties, unitName: Str(100) })),
  summary: SummaryViewSchema,
  perUnit: Type.Array(Type.Object({ unitId: Id, unitName: Str(100), totals: TotalsSchema, posts: Type.Array(PostRowSchema) })),
});
export type LedgerView = Static<typeof LedgerViewSchema>;

// ── staff ──

export const StaffSortSchema = Enum(['name', 'birthDate', 'enrolledOn', 'unit', 'postKey'] as const);
export const StaffQuerySchema = Type.Object(
  {
    scope: ScopeSchema,
    unitId: Type.Optional(Id),
    text: Type.Optional(Str(40)),
    postKey: Type.Optional(PostKeySchema),
    sex: Type.Optional(SexSchema),
    education: Type.Optional(Enum(EDUCATIONS)),
    leadersOnly: Type.Optional(Type.Boolean()),
    sort: Type.Optional(StaffSortSchema),
    desc: Type.Optional(Type.Boolean()),
    offset: Int(0),
    limit: Int(1, 500),
  },
  { additionalProperties: false },
);
export type StaffQuery = Static<typeof StaffQuerySchema>;

/** A list row: ID number masked; the full record comes with staff:get. */
export const StaffRowSchema = Type.Object({
  id: Id,
  unitId: Id,
  unitName: Str(100),
  divisionName: Str(100),
  name: Str(50),
  sex: SexSchema,
  birthDate: DateStr,
  age: Int(0, 150),
  idNumberMasked: Str(24),
  ethnicity: Str(20),
  education: Enum(EDUCATIONS),
  politicalStatus: Str(20),
  postKey: PostKeySchema,
  position: Str(100),
  positionLevel: Str(100),
  leaderKind: Nullable(LeaderKindSchema),
  enrolledOn: DateStr,
});
export type StaffRow = Static<typeof StaffRowSchema>;
export const StaffPageSchema = Type.Object({ total: Count, offset: Count, rows: Type.Array(StaffRowSchema) });
export type StaffPage = Static<typeof StaffPageSchema>;

export const StaffCardSchema = Type.Object({
  staff: StaffMemberSchema,
  unitName: Str(100),
  divisionName: Str(100),
  age: Int(0, 150),
  retirement: Type.Object({ month: Str(10), label: Str(100) }),
  notices: Type.Array(NoticeSchema),
  /** A data: URL of the photo kept on this machine, or null. */
  photo: Nullable(Type.String({ maxLength: 2_000_000 })),
});
export type StaffCard = Static<typeof StaffCardSchema>;

export const DepartedQuerySchema = Type.Object(
  { scope: ScopeSchema, unitId: Type.Optional(Id), text: Type.Optional(Str(40)), offset: Int(0), limit: Int(1, 500) },
  { additionalProperties: false },
);
export const DepartedRowSchema = Type.Object({
  ...DepartedStaffSchema.properties,
  idNumber: Str(24),
  unitName: Str(100),
});
export const DepartedPageSchema = Type.Object({ total: Count, offset: Count, rows: Type.Array(DepartedRowSchema) });
export type DepartedPage = Static<typeof DepartedPageSchema>;

export const ExportFileSchema = Type.Object({ fileName: Str(200), mime: Str(100), base64: Type.String({ maxLength: 200_000_000 }), rows: Count });
export type ExportFile = Static<typeof ExportFileSchema>;

// ── requests ──

/** Where a request is on this machine, before the server has it. */
export const LocalStateSchema = Enum(['waitingUpload', 'sending', 'uploadFailed'] as const);
export type LocalState = Static<typeof LocalStateSchema>;

export const RequestItemSchema = Type.Object({
  id: Id,
  kind: RequestKindSchema,
  unitId: Id,
  unitName: Str(100),
  /** Server state; `submitted` for one still in the outbox. */
  state: RequestStateSchema,
  localState: Nullable(LocalStateSchema),
  lastError: Nullable(Str(1000)),
  title: Str(300),
  payload: Type.Unknown(),
  createdAt: Instant,
  submittedAt: Nullable(Instant),
  trail: Type.Array(TrailEntrySchema),
});
export type RequestItem = Static<typeof RequestItemSchema>;

export const DraftSchema = Type.Object({
  id: Id,
  kind: RequestKindSchema,
  unitId: Id,
  payload: Type.Unknown(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type DraftView = Static<typeof DraftSchema>;

export const SlipViewSchema = Type.Object({
  ...PostUseSlipSchema.properties,
  unitName: Str(100),
  live: Type.Boolean(),
  unused: Count,
});
export type SlipView = Static<typeof SlipViewSchema>;

export const FieldErrorSchema = Type.Object({ field: Str(100), message: Str(1000) });
export type FieldError = Static<typeof FieldErrorSchema>;

// ── statistics ──

const Bucket = Type.Object({ key: Str(100), count: Count });
export const StatsViewSchema = Type.Object({
  total: Count,
  agePyramid: Type.Array(Type.Object({ band: Str(20), male: Count, female: Count })),
  education: Type.Array(Bucket),
  postType: Type.Array(Bucket),
  positionLevel: Type.Array(Bucket),
  ethnicity: Type.Array(Bucket),
  bySubordinate: Type.Array(Type.Object({ unitId: Id, unitName: Str(100), approved: Count, occupied: Count, vacant: Count })),
});
export type StatsView = Static<typeof StatsViewSchema>;

// ── sync ──

export const OutboxViewSchema = Type.Object({
  id: Id,
  requestId: Id,
  kind: RequestKindSchema,
  title: Str(300),
  state: Enum(['pending', 'sending', 'acked', 'failed'] as const),
  attempts: Count,
  lastError: Nullable(Str(1000)),
  createdAt: Instant,
  ackedAt: Nullable(Instant),
});

export const SyncStatusSchema = Type.Object({
  configured: Type.Boolean(),
  online: Nullable(Type.Boolean()),
  running: Type.Boolean(),
  serverUrl: Nullable(Str(300)),
  lastPullAt: Nullable(Instant),
  lastPushAt: Nullable(Instant),
  lastError: Nullable(Str(1000)),
  snapshot: Type.Object({ done: Count, total: Nullable(Count), complete: Type.Boolean() }),
  outbox: Type.Object({ pending: Count, sending: Count, acked: Count, failed: Count }),
  items: Type.Array(OutboxViewSchema),
});
export type SyncStatus = Static<typeof SyncStatusSchema>;

// ── printing ──

export const PrintFormKindSchema = Enum(PRINT_FORMS);
export type PrintFormKind = Static<typeof PrintFormKindSchema>;

export const PrintableSchema = Type.Object({
  formKind: PrintFormKindSchema,
  /** Issued form number; null for the unit's own sheets, which carry none. */
  number: Nullable(Str(64)),
  title: Str(300),
  issuedOn: Nullable(DateStr),
  printedTimes: Count,
});
export type Printable = Static<typeof PrintableSchema>;

export const PrintRecordSchema = Type.Object({
  id: Count,
  printedBy: Str(200),
  printedAt: Instant,
  formKind: Str(40),
  formNumber: Nullable(Str(64)),
  copies: Count,
  reprint: Type.Boolean(),
});
