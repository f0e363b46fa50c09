/**
 * What Electron's preload exposes to the window as `window.ebz`: two named methods, nothing else.
 * Both ends type against this (electron/preload.ts `satisfies EbzBridge`, renderer/api/transport.ts).
 */
import type { ApiErrorShape } from './errors';

export type BridgeEnvelope = { ok: true; value: unknown } | { ok: false; error: ApiErrorShape };

export interface EbzBridge {
  call(channel: string, payload: unknown): Promise<BridgeEnvelope>;
  /** Returns the function that stops listening. */
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
}

/** IPC channel names between preload and main. */
export const IPC_CALL = 'ebz:call';
export const IPC_EVENT = 'ebz:event';
