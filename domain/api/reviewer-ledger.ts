/**
 * HTTP shapes of 台账管理 (server/reviewer/ledger-routes.ts), shared with the reviewer's client: recording
 * an approval document with its scanned PDF, and creating, renaming, merging and abolishing units and
 * divisions. Every change names the approval document it rests on (文号, date), which goes into the
 * unit's 历史沿革.
 */
import { Type, type Static } from '@sinclair/typebox';
import { LEADER_KINDS, POST_KEYS } from '../posts';
import { UNIT_KINDS, UNIT_RANKS } from '../model';
import { FUNDINGS } from '../posts';
import { DateStr, Enum, ServerId, Str } from '../schema-kit';

/** 10 MB of PDF; base64 in JSON is 4/3 of that, plus the rest of the body. */
export const LEDGER_PDF_MAX_BYTES = 10 * 1024 * 1024;
export const LEDGER_BODY_LIMIT = Math.ceil(LEDGER_PDF_MAX_BYTES / 3) * 4 + 64 * 1024;

const Delta = Type.Integer({ minimum: -100_000, maximum: 100_000 });
const strict = { additionalProperties: false } as const;

export const PostDeltasSchema = Type.Object(Object.fromEntries(POST_KEYS.map((k) => [k, Type.Optional(Delta)])), strict);
export const LeaderDeltasSchema = Type.Object(Object.fromEntries(LEADER_KINDS.map((k) => [k, Type.Optional(Delta)])), strict);

/** The basis of a structural change: the approval document's number and date. */
export const Basis = {
  documentNo: Type.String({ minLength: 1, maxLength: 100 }),
  date: DateStr,
};

export const PdfUpload = Type.Object(
  {
    fileName: Type.String({ minLength: 1, maxLength: 200 }),
    base64: Type.String({ minLength: 8, maxLength: Math.ceil(LEDGER_PDF_MAX_BYTES / 3) * 4, pattern: '^[A-Za-z0-9+/]+=*$' }),
  },
  strict,
);

export const RecordLedgerBody = Type.Object(
  {
    ...Basis,
    issuer: Type.String({ minLength: 1, maxLength: 100 }),
    postDeltas: PostDeltasSchema,
    leaderDeltas: LeaderDeltasSchema,
    note: Str(500),
    pdf: PdfUpload,
  },
  strict,
);
export type RecordLedgerBody = Static<typeof RecordLedgerBody>;

export const LedgerDocumentMeta = Type.Object({ fileName: Type.String(), sha256: Type.String(), size: Type.Integer() });
export type LedgerDocumentMeta = Static<typeof LedgerDocumentMeta>;

export const LedgerEntryView = Type.Object({
  id: Type.String(),
  unitId: Type.String(),
  documentNo: Type.String(),
  date: Type.String(),
  issuer: Type.String(),
  postDeltas: Type.Record(Type.String(), Type.Integer()),
  leaderDeltas: Type.Record(Type.String(), Type.Integer()),
  note: Type.String(),
  document: Type.Union([LedgerDocumentMeta, Type.Null()]),
});
export type LedgerEntryView = Static<typeof LedgerEntryView>;

export const UnitParams = Type.Object({ id: ServerId });
export type UnitParams = Static<typeof UnitParams>;
export const EntryParams = Type.Object({ id: ServerId });
export type EntryParams = Static<typeof EntryParams>;

export const CreateUnitBody = Type.Object(
  {
    ...Basis,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    creditCode: Type.String({ minLength: 18, maxLength: 18 }),
    kind: Enum(UNIT_KINDS),
    rank: Enum(UNIT_RANKS),
    fundingForm: Enum(FUNDINGS),
    bianbanId: ServerId,
    supervisorUnitId: Type.Union([ServerId, Type.Null()]),
    functions: Str(4000),
    address: Str(200),
    phone: Str(40),
  },
  strict,
);
export type CreateUnitBody = Static<typeof CreateUnitBody>;

export const RenameBody = Type.Object({ ...Basis, name: Type.String({ minLength: 1, maxLength: 100 }) }, strict);
export type RenameBody = Static<typeof RenameBody>;
export const MergeBody = Type.Object({ ...Basis, intoUnitId: ServerId }, strict);
export type MergeBody = Static<typeof MergeBody>;
export const AbolishBody = Type.Object({ ...Basis }, strict);
export type AbolishBody = Static<typeof AbolishBody>;
export const CreateDivisionBody = Type.Object({ ...Basis, name: Type.String({ minLength: 1, maxLength: 100 }) }, strict);
export type CreateDivisionBody = Static<typeof CreateDivisionBody>;

export const UnitChangeResponse = Type.Object({
  unitId: Type.String(),
  name: Type.String(),
  abolished: Type.Boolean(),
  /** For a merge: how many staff members and ledger entries moved to the surviving unit. */
  movedStaff: Type.Integer(),
  movedEntries: Type.Integer(),
});
export type UnitChangeResponse = Static<typeof UnitChangeResponse>;

export const DivisionResponse = Type.Object({ id: Type.String(), unitId: Type.String(), name: Type.String(), abolished: Type.Boolean() });

export const ledgerDocumentPath = (entryId: string) => `/api/v1/ledger/${encodeURIComponent(entryId)}/document`;
