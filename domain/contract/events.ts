/** Events the client services push to the window, with their payload schemas. */
import { Type, type Static } from '@sinclair/typebox';
import { Enum, Nullable, Str } from '../schema-kit';
import { SyncStatusSchema } from './views';

export const CLIENT_EVENTS = {
  'key:inserted': Type.Object({ displayName: Str(200) }),
  'key:removed': Type.Object({}),
  /** The session is gone (key pulled, token error, logout): the window shows the lock screen. */
  'key:locked': Type.Object({ reason: Str(500) }),
  'sync:progress': Type.Object({
    phase: Enum(['push', 'pull', 'snapshot'] as const),
    done: Type.Integer({ minimum: 0 }),
    total: Nullable(Type.Integer({ minimum: 0 })),
  }),
  'sync:state': SyncStatusSchema,
  /** The replica changed (a pull applied, a request queued): cached screens refetch. */
  'data:changed': Type.Object({ areas: Type.Array(Enum(['replica', 'requests', 'drafts', 'prints'] as const)) }),
} as const;

export type ClientEvents = typeof CLIENT_EVENTS;
export type EventName = keyof ClientEvents;
export type EventOf<E extends EventName> = Static<ClientEvents[E]>;

export function isEventName(v: unknown): v is EventName {
  return typeof v === 'string' && Object.hasOwn(CLIENT_EVENTS, v);
}
