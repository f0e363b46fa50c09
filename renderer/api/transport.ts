/**
 * How the window reaches the client services: Electron's preload bridge when it is there, otherwise
 * the browser-mode WebSocket. Both carry the same contract; api.ts checks what comes back.
 */
import type { BridgeEnvelope, EbzBridge } from '../../domain/contract/bridge';

export type Envelope = BridgeEnvelope;

export interface Transport {
  readonly kind: 'ipc' | 'ws';
  call(channel: string, payload: unknown): Promise<Envelope>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  /** Connection state for the status bar (the WebSocket can drop; IPC cannot). */
  onConnection(listener: (up: boolean) => void): () => void;
}

declare global {
  interface Window {
    ebz?: EbzBridge;
  }
}

export function ipcTransport(bridge: EbzBridge): Transport {
  return {
    kind: 'ipc',
    call: (channel, payload) => bridge.call(channel, payload),
    onEvent: (l) => bridge.onEvent(l),
    onConnection: () => () => undefined,
  };
}
