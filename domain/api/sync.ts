import { Type, type Static } from '@sinclair/typebox';

export const PullQuery = Type.Object(
  { after: Type.Integer({ minimum: 0, default: 0 }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
    // Protocol 2 onwards (see SYNC_PROTOCOL_VERSION); absent from version-1 clients.
    protocolVersion: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 })),
  },
  { additionalProperties: false },
);
export type PullQuery = Static<typeof PullQuery>;

export const ChangeSchema = Type.Object({ seq: Type.Integer(), entity: Type.String(), id: Type.String(), data: Type.Unknown() });
export type Change = Static<typeof ChangeSchema>;

/** `total` is present on the first page (after = 0): how many changes the whole snapshot has, for a progress bar. */
export const PullResponse = Type.Object({
  changes: Type.Array(ChangeSchema),
  cursor: Type.Integer(),
  hasMore: Type.Boolean(),
  total: Type.Optional(Type.Integer()),
  /** The protocol the server speaks (protocol 2 onwards). */
  protocolVersion: Type.Optional(Type.Integer()),
});
export type PullResponse = Static<typeof PullResponse>;

/**
 * Sync protocol version. 1: the original push/pull (no version field). 2: the client names its version in
 * the pull query (`protocolVersion`) and the server echoes the version it speaks; everything else is
 * unchanged, so a server speaking 2 serves version-1 clients as before.
 */
export const SYNC_PROTOCOL_VERSION = 2;
export const SUPPORTED_SYNC_PROTOCOLS = [1, 2] as const;
