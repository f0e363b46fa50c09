/**
 * The reviewer's 台账管理, 监督检查 and 统计 channels. Spread into REVIEWER_API (reviewer.ts). Ledger and
 * organisation changes go to the server live; supervision and statistics are computed by the client over
 * the reviewer's replica (which holds the whole jurisdiction), pulled fresh before each answer.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ALARM_KINDS } from '../alarms';
import { AbolishBody, CreateDivisionBody, CreateUnitBody, DivisionResponse, LedgerEntryView, MergeBody, RecordLedgerBody, RenameBody, UnitChangeResponse } from '../api/reviewer-ledger';
import { Count, DateStr, Empty, Enum, Id, Instant, Nullable, Str } from '../schema-kit';
import { AlarmViewSchema, ExportFileSchema } from './views';

const def = <Req extends TSchema, Res extends TSchema>(request: Req, response: Res) => ({ request, response });
const strict = { additionalProperties: false } as const;

/** A ledger entry as the server answers it (../api/reviewer-ledger.ts), shown under its unit. */
export const LedgerRowSchema = Type.Omit(LedgerEntryView, ['unitId']);
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
export const UnitChangeSchema = UnitChangeResponse;
const DivisionChangeSchema = Type.Pick(DivisionResponse, ['id', 'name']);
// The channels take the HTTP body plus the id the server route has in its path.
const { bianbanId: _bianbanId, ...createUnitFields } = CreateUnitBody.properties;

/** A supervision alarm is the same record as the unit's alarm list shows. */
export const SupervisionAlarmSchema = AlarmViewSchema;
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
  'reviewer:recordLedger': def(Type.Object({ unitId: Id, ...RecordLedgerBody.properties }, strict), LedgerRowSchema),
  'reviewer:ledgerDocument': def(Type.Object({ entryId: Id }, strict), ExportFileSchema),
  'reviewer:createUnit': def(Type.Object(createUnitFields, strict), UnitChangeSchema),
  'reviewer:renameUnit': def(Type.Object({ unitId: Id, ...RenameBody.properties }, strict), UnitChangeSchema),
  'reviewer:mergeUnit': def(Type.Object({ unitId: Id, ...MergeBody.properties }, strict), UnitChangeSchema),
  'reviewer:abolishUnit': def(Type.Object({ unitId: Id, ...AbolishBody.properties }, strict), UnitChangeSchema),
  'reviewer:createDivision': def(Type.Object({ unitId: Id, ...CreateDivisionBody.properties }, strict), DivisionChangeSchema),
  'reviewer:renameDivision': def(Type.Object({ divisionId: Id, ...RenameBody.properties }, strict), DivisionChangeSchema),
  'reviewer:abolishDivision': def(Type.Object({ divisionId: Id, ...AbolishBody.properties }, strict), DivisionChangeSchema),

  'reviewer:supervision': def(Empty, SupervisionSchema),
  'reviewer:supervisionExport': def(Type.Object({ kind: Type.Optional(Enum(ALARM_KINDS)) }, strict), ExportFileSchema),
  'reviewer:stats': def(Empty, JurisdictionStatsSchema),
  'reviewer:statsExport': def(Empty, ExportFileSchema),
} as const;

