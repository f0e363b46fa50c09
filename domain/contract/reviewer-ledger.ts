/**
 * The reviewer's 台账管理, 监督检查 and 统计 channels. Spread into REVIEWER_API (reviewer.ts). Ledger and
 * organisation changes go to the server live; supervision and statistics are computed by the client over
 * the reviewer's replica (which holds the whole jurisdiction), pulled fresh before each answer.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ALARM_KINDS } from '../alarms';
import { FUNDINGS, LEADER_KINDS, POST_KEYS } from '../posts';
import { UNIT_KINDS, UNIT_RANKS } from '../model';
import { Count, DateStr, Empty, Enum, Id, Instant, Int, Nullable, Str } from './schema-kit';
import { ExportFileSchema } from './views';

const def = <Req extends TSchema, Res extends TSchema>(request: Req, response: Res) => ({ request, response });
const strict = { additionalProperties: false } as const;
const Delta = Int(-100_000, 100_000);

/** 10 MB of PDF as base64. */
const PDF_BASE64_MAX = Math.ceil((10 * 1024 * 1024) / 3) * 4;
const Basis = { documentNo: Type.String({ minLength: 1, maxLength: 100 }), date: DateStr };

export const LedgerRowSchema = Type.Object({
  id: Id,
  documentNo: Str(200),
  date: Str(20),
  issuer: Str(200),
  postDeltas: Type.Record(Type.String(), Type.Integer()),
  leaderDeltas: Type.Record(Type.String(), Type.Integer()),
  note: Str(500),
  document: Nullable(Type.Object({ fileName: Str(200), sha256: Str(64), size: Count })),
});
export type LedgerRow = Static<typeof LedgerRowSchema>;

export const UnitLedgerSchema = Type.Object({
  unit: Type.Object({
    id: Id,
    name: Str(300),
    creditCode: Str(20),
    kind: Str(40),
    rank: Str(40),
    fundingForm: Str(20),
    supervisorName: Str(300),
    abolished: Type.Boolean(),
    staffCount: Count,
  }),
  entries: Type.Array(LedgerRowSchema),
  /** Approved posts per post key, summed over the entries. */
  approved: Type.Record(Type.String(), Type.Integer()),
  divisions: Type.Array(Type.Object({ id: Id, name: Str(200), abolished: Type.Boolean() })),
  history: Type.Array(Type.Object({ date: Str(20), text: Str(1000) })),
});
export type UnitLedger = Static<typeof UnitLedgerSchema>;

export const LedgerUnitItemSchema = Type.Object({ id: Id, name: Str(300), supervisorUnitId: Nullable(Id), abolished: Type.Boolean(), bianbanId: Id });
export const UnitChangeSchema = Type.Object({ unitId: Id, name: Str(300), abolished: Type.Boolean(), movedStaff: Count, movedEntries: Count });

export const SupervisionAlarmSchema = Type.Object({
  kind: Enum(ALARM_KINDS),
  unitId: Id,
  unitName: Str(300),
  subject: Nullable(Str(200)),
  message: Str(1000),
  advice: Str(1000),
});
export type SupervisionAlarm = Static<typeof SupervisionAlarmSchema>;

export const SupervisionSchema = Type.Object({ today: DateStr, unitCount: Count, alarms: Type.Array(SupervisionAlarmSchema), syncedAt: Nullable(Instant) });
export type Supervision = Static<typeof SupervisionSchema>;

const Figures = { units: Count, approved: Count, occupied: Count, vacant: Count };
export const StatsGroupSchema = Type.Object({ key: Str(40), label: Str(100), ...Figures });
export type StatsGroup = Static<typeof StatsGroupSchema>;
export const StatsUnitRowSchema = Type.Object({
  unitId: Id,
  unitName: Str(300),
  kind: Str(40),
  rank: Str(40),
  fundingForm: Str(20),
  posts: Type.Record(Type.String(), Type.Object({ approved: Count, occupied: Count, vacant: Count })),
});
export type StatsUnitRow = Static<typeof StatsUnitRowSchema>;

export const JurisdictionStatsSchema = Type.Object({
  bianbanName: Str(300),
  today: DateStr,
  totals: Type.Object(Figures),
  byPostKey: Type.Array(StatsGroupSchema),
  byUnitKind: Type.Array(StatsGroupSchema),
  byRank: Type.Array(StatsGroupSchema),
  byFunding: Type.Array(StatsGroupSchema),
  units: Type.Array(StatsUnitRowSchema),
});
export type JurisdictionStats = Static<typeof JurisdictionStatsSchema>;

export const REVIEWER_LEDGER_API = {
  /** Units of the jurisdiction from the replica, abolished ones included (marked). */
  'reviewer:ledgerUnits': def(Empty, Type.Array(LedgerUnitItemSchema)),
  'reviewer:unitLedger': def(Type.Object({ unitId: Id }, strict), UnitLedgerSchema),
  'reviewer:recordLedger': def(
    Type.Object(
      {
        unitId: Id,
        ...Basis,
        issuer: Type.String({ minLength: 1, maxLength: 100 }),
        postDeltas: Type.Object(Object.fromEntries(POST_KEYS.map((k) => [k, Type.Optional(Delta)])), strict),
        leaderDeltas: Type.Object(Object.fromEntries(LEADER_KINDS.map((k) => [k, Type.Optional(Delta)])), strict),
        note: Str(500),
        pdf: Type.Object({ fileName: Type.String({ minLength: 1, maxLength: 200 }), base64: Type.String({ minLength: 8, maxLength: PDF_BASE64_MAX, pattern: '^[A-Za-z0-9+/]+=*$' }) }, strict),
      },
      strict,
    ),
    LedgerRowSchema,
  ),
  'reviewer:ledgerDocument': def(Type.Object({ entryId: Id }, strict), ExportFileSchema),
  'reviewer:createUnit': def(
    Type.Object(
      {
        ...Basis,
        name: Type.String({ minLength: 1, maxLength: 100 }),
        creditCode: Type.String({ minLength: 18, maxLength: 18 }),
        kind: Enum(UNIT_KINDS),
        rank: Enum(UNIT_RANKS),
        fundingForm: Enum(FUNDINGS),
        supervisorUnitId: Nullable(Id),
        functions: Str(4000),
        address: Str(200),
        phone: Str(40),
      },
      strict,
    ),
    UnitChangeSchema,
  ),
  'reviewer:renameUnit': def(Type.Object({ unitId: Id, ...Basis, name: Type.String({ minLength: 1, maxLength: 100 }) }, strict), UnitChangeSchema),
  'reviewer:mergeUnit': def(Type.Object({ unitId: Id, ...Basis, intoUnitId: Id }, strict), UnitChangeSchema),
  'reviewer:abolishUnit': def(Type.Object({ unitId: Id, ...Basis }, strict), UnitChangeSchema),
  'reviewer:createDivision': def(Type.Object({ unitId: Id, ...Basis, name: Type.String({ minLength: 1, maxLength: 100 }) }, strict), Type.Object({ id: Id, name: Str(200) })),
  'reviewer:renameDivision': def(Type.Object({ divisionId: Id, ...Basis, name: Type.String({ minLength: 1, maxLength: 100 }) }, strict), Type.Object({ id: Id, name: Str(200) })),
  'reviewer:abolishDivision': def(Type.Object({ divisionId: Id, ...Basis }, strict), Type.Object({ id: Id, name: Str(200) })),

  'reviewer:supervision': def(Empty, SupervisionSchema),
  'reviewer:supervisionExport': def(Type.Object({ kind: Type.Optional(Enum(ALARM_KINDS)) }, strict), ExportFileSchema),
  'reviewer:stats': def(Empty, JurisdictionStatsSchema),
  'reviewer:statsExport': def(Empty, ExportFileSchema),
} as const;

