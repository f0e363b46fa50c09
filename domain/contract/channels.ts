/**
 * The one client API contract: channel → request schema and response schema. The renderer's `api`,
 * the Electron IPC bridge and the browser-mode WebSocket are all typed from this map, and every
 * message is checked against it where it is received (check.ts).
 * Channel names are `area:action`.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { KindedPayloadSchema, PostUseSlipSchema, RequestKindSchema } from './records';
import { REVIEWER_API } from './reviewer';
import { BatchRequestSchema, PhotoPutRequestSchema, PhotoPutResultSchema, PrintersSchema, SavePdfRequestSchema, SavePdfResultSchema, ToPrinterRequestSchema } from './photo-print-views';
import { Empty, Id, Int, Nullable, Str } from '../schema-kit';
import {
  AlarmViewSchema,
  AppInfoSchema,
  DepartedPageSchema,
  DepartedQuerySchema,
  DraftSchema,
  ExportFileSchema,
  FieldErrorSchema,
  HomeSummarySchema,
  KeyStatusSchema,
  LedgerViewSchema,
  PrintFormKindSchema,
  PrintRecordSchema,
  PrintableSchema,
  RequestItemSchema,
  ScopeSchema,
  SlipViewSchema,
  StaffCardSchema,
  StaffPageSchema,
  StaffQuerySchema,
  StaffRowSchema,
  StatsViewSchema,
  SyncStatusSchema,
  UnitInfoSchema,
  UnitNodeSchema,
} from './views';

const def = <Req extends TSchema, Res extends TSchema>(request: Req, response: Res) => ({ request, response });
const strict = { additionalProperties: false } as const;
const ScopeArgs = Type.Object({ scope: ScopeSchema, unitId: Type.Optional(Id) }, strict);
const Ok = Type.Object({ ok: Type.Literal(true) });

export const CLIENT_API = {
  'app:info': def(Empty, AppInfoSchema),

  'key:status': def(Empty, KeyStatusSchema),
  /** The PIN goes to the token and is dropped: it is never stored, logged or echoed. */
  'key:login': def(Type.Object({ pin: Type.String({ minLength: 1, maxLength: 64 }) }, strict), KeyStatusSchema),
  'key:logout': def(Empty, KeyStatusSchema),

  'home:summary': def(Empty, HomeSummarySchema),
  'unit:info': def(Type.Object({ unitId: Type.Optional(Id) }, strict), UnitInfoSchema),
  'unit:tree': def(Empty, Type.Array(UnitNodeSchema)),
  'ledger:list': def(ScopeArgs, LedgerViewSchema),

  'staff:list': def(StaffQuerySchema, StaffPageSchema),
  'staff:search': def(Type.Object({ text: Str(40), limit: Type.Optional(Int(1, 100)) }, strict), Type.Array(StaffRowSchema)),
  'staff:get': def(Type.Object({ id: Id }, strict), StaffCardSchema),
  'staff:export': def(Type.Omit(StaffQuerySchema, ['offset', 'limit']), ExportFileSchema),
  'departed:list': def(DepartedQuerySchema, DepartedPageSchema),

  'requests:list': def(Empty, Type.Array(RequestItemSchema)),
  'requests:get': def(Type.Object({ id: Id }, strict), RequestItemSchema),
  'requests:drafts': def(Empty, Type.Array(DraftSchema)),
  'requests:saveDraft': def(Type.Object({ id: Type.Optional(Id), kind: RequestKindSchema, payload: Type.Unknown() }, strict), DraftSchema),
  'requests:deleteDraft': def(Type.Object({ id: Id }, strict), Ok),
  /** Runs the same checks as submit without signing, on a form still being filled in (partial payload). */
  'requests:check': def(Type.Object({ kind: RequestKindSchema, payload: Type.Unknown() }, strict), Type.Object({ errors: Type.Array(FieldErrorSchema), warnings: Type.Array(Str(1000)) })),
  /** Checks, signs with the key and queues for upload; answers the request in state 待上传. */
  'requests:submit': def(
    Type.Intersect([KindedPayloadSchema, Type.Object({ draftId: Type.Optional(Id) })]),
    RequestItemSchema,
  ),
  /** Withdraws a request under review (through the server); answers it as it now stands. */
  'requests:withdraw': def(Type.Object({ id: Id, reason: Type.Optional(Str(2000)) }, strict), RequestItemSchema),
  /** A returned request, corrected: re-signed under the same id and sent through the server's resubmit route. */
  'requests:resubmit': def(Type.Object({ id: Id, payload: Type.Unknown() }, strict), RequestItemSchema),
  /** Cancels a request still waiting in the outbox (待上传); one being sent cannot be cancelled. */
  'requests:cancel': def(Type.Object({ id: Id }, strict), Ok),
  /** Checks an ID photo and keeps it on this machine by its SHA-256 (uploaded with the request). */
  'photos:put': def(PhotoPutRequestSchema, PhotoPutResultSchema),
  'slips:list': def(Empty, Type.Array(SlipViewSchema)),
  'slips:get': def(Type.Object({ number: Str(64) }, strict), PostUseSlipSchema),

  'alarms:list': def(ScopeArgs, Type.Array(AlarmViewSchema)),
  'stats:overview': def(ScopeArgs, StatsViewSchema),

  'sync:status': def(Empty, SyncStatusSchema),
  'sync:now': def(Empty, SyncStatusSchema),

  'print:list': def(Empty, Type.Array(PrintableSchema)),
  'print:preview': def(
    Type.Object({ formKind: PrintFormKindSchema, number: Nullable(Str(64)), draft: Type.Optional(Type.Boolean()) }, strict),
    Type.Object({ html: Type.String({ maxLength: 50_000_000 }), title: Str(300), reprint: Type.Boolean() }),
  ),
  'print:pdf': def(
    Type.Object({ formKind: PrintFormKindSchema, number: Nullable(Str(64)), copies: Type.Optional(Int(1, 99)) }, strict),
    ExportFileSchema,
  ),
  /** Records a print made through the browser's or Electron's print dialog. */
  'print:record': def(
    Type.Object({ formKind: PrintFormKindSchema, number: Nullable(Str(64)), copies: Int(1, 99) }, strict),
    PrintRecordSchema,
  ),
  'print:log': def(Empty, Type.Array(PrintRecordSchema)),
  /** Every notice of one kind issued in a month, one PDF, each print logged. */
  'print:batch': def(BatchRequestSchema, ExportFileSchema),
  /** Electron: the system's printers (webContents.getPrintersAsync); browser mode: native false, none. */
  'print:printers': def(Empty, PrintersSchema),
  /** Electron: prints to a chosen printer with copies (optionally silent), then logs it. */
  'print:toPrinter': def(ToPrinterRequestSchema, PrintRecordSchema),
  /** Electron: printToPDF and a save dialog; saved false when the officer cancels. */
  'print:savePdf': def(SavePdfRequestSchema, SavePdfResultSchema),
  ...REVIEWER_API,
} as const;

export type ClientApi = typeof CLIENT_API;
export type Channel = keyof ClientApi;
export type RequestOf<C extends Channel> = Static<ClientApi[C]['request']>;
export type ResponseOf<C extends Channel> = Static<ClientApi[C]['response']>;

/** What a service host implements: one async handler per channel. */
export type ClientApiHandlers = { [C in Channel]: (req: RequestOf<C>) => Promise<ResponseOf<C>> };

/** Channels that work without a logged-in key (the lock screen needs them). */
export const PUBLIC_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['app:info', 'key:status', 'key:login', 'key:logout']);

export const CHANNELS = Object.keys(CLIENT_API) as Channel[];
export function isChannel(v: unknown): v is Channel {
  return typeof v === 'string' && Object.hasOwn(CLIENT_API, v);
}
