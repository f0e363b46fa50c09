import { Type, type Static } from '@sinclair/typebox';

export const PullQuery = Type.Object(
  { after: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
    // Protocol 2 onwards (see SYNC_PROTOCOL_VERSION); absent from version-1 clients. Any number is taken
    // here so that the server can answer an unsupported one with which side to update (negotiateSyncProtocol).
    protocolVersion: Type.Optional(Type.Integer({ minimum: 1 })),
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
 * Sync protocol version. 1: the original push/pull (no version field). 2: the client names its version on
 * pull (query `protocolVersion`) and on push (body `protocolVersion`), the server checks it against the
 * versions it speaks and echoes its own on pull; everything else is unchanged, so a server speaking 2
 * serves version-1 clients as before.
 */
export const SYNC_PROTOCOL_VERSION = 2;
/** The versions this build speaks, oldest first: a server serves these, a client sends the newest. */
export const SUPPORTED_SYNC_PROTOCOLS = [1, 2] as const;

export type SyncProtocolCheck =
  | { ok: true; version: number }
  | { ok: false; code: 'SYNC_PROTOCOL_TOO_NEW' | 'SYNC_PROTOCOL_TOO_OLD'; message: string };

/**
 * The server's side of the negotiation: a client that names no version speaks 1. A newer client than this
 * server knows means the SERVER must be updated; an older one than it still serves, the CLIENT.
 */
export function negotiateSyncProtocol(clientVersion: number | undefined, supported: readonly number[] = SUPPORTED_SYNC_PROTOCOLS): SyncProtocolCheck {
  const v = clientVersion ?? 1;
  const oldest = Math.min(...supported);
  const newest = Math.max(...supported);
  if (v > newest) {
    return {
      ok: false,
      code: 'SYNC_PROTOCOL_TOO_NEW',
      message: `本客户端使用的同步协议（第 ${v} 版）比编办服务器支持的（最高第 ${newest} 版）新：请联系编办升级服务器后再同步，期间可继续离线办理`,
    };
  }
  if (v < oldest || !supported.includes(v)) {
    return {
      ok: false,
      code: 'SYNC_PROTOCOL_TOO_OLD',
      message: `本客户端使用的同步协议（第 ${v} 版）已不受编办服务器支持（最低第 ${oldest} 版）：请升级本客户端（电子编制管理证）后再同步`,
    };
  }
  return { ok: true, version: v };
}
