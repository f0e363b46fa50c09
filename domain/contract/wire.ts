/**
 * Frames of the browser-mode WebSocket (Electron IPC carries the same call / result shapes natively).
 * A call carries an id the result echoes; events have no id.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ERROR_CODES } from './errors';
import { Enum } from '../schema-kit';

export const CallFrameSchema = Type.Object(
  { t: Type.Literal('call'), id: Type.Integer({ minimum: 0 }), channel: Type.String({ maxLength: 64 }), payload: Type.Unknown() },
  { additionalProperties: false },
);
export type CallFrame = Static<typeof CallFrameSchema>;

export const ApiErrorSchema = Type.Object({
  code: Enum(ERROR_CODES),
  message: Type.String({ maxLength: 2000 }),
  field: Type.Optional(Type.String({ maxLength: 100 })),
  detail: Type.Optional(Type.String({ maxLength: 100 })),
});

export const ResultFrameSchema = Type.Union([
  Type.Object({ t: Type.Literal('result'), id: Type.Integer({ minimum: 0 }), ok: Type.Literal(true), value: Type.Unknown() }),
  Type.Object({ t: Type.Literal('result'), id: Type.Integer({ minimum: 0 }), ok: Type.Literal(false), error: ApiErrorSchema }),
]);
export type ResultFrame = Static<typeof ResultFrameSchema>;

export const EventFrameSchema = Type.Object({ t: Type.Literal('event'), event: Type.String({ maxLength: 64 }), payload: Type.Unknown() });
export type EventFrame = Static<typeof EventFrameSchema>;

export const ServerFrameSchema = Type.Union([ResultFrameSchema, EventFrameSchema]);
export type ServerFrame = Static<typeof ServerFrameSchema>;

/** IPC answers use the same envelope so an ApiError keeps its code and field across the bridge. */
export type Envelope = { ok: true; value: unknown } | { ok: false; error: Static<typeof ApiErrorSchema> };
export const EnvelopeSchema = Type.Union([
  Type.Object({ ok: Type.Literal(true), value: Type.Unknown() }),
  Type.Object({ ok: Type.Literal(false), error: ApiErrorSchema }),
]);

/**
 * Browser mode's session names, shared by the host (client/browser-host.ts) and the page
 * (renderer/api/page-session.ts): the WebSocket subprotocol, the prefix of the subprotocol entry that
 * carries the page secret, the `<meta>` tag the host writes it into, and the header that checks it.
 */
export const WS_PROTOCOL = 'ebz.v1';
export const WS_SESSION_PREFIX = 'ebz.session.';
export const PAGE_SECRET_META = 'ebz-session';
export const PAGE_SECRET_HEADER = 'x-ebz-session';
