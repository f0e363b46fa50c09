/**
 * Browser mode: one WebSocket to the local host (same origin). The credential is the session cookie
 * set at launch together with this tab's page secret (page-session.ts), sent as a subprotocol entry.
 * Calls made while it reconnects wait for it; a call never resolves twice. Without a secret, or once
 * the host no longer knows it (the app was restarted), every call answers why and how to reopen.
 */
import { Value } from '@sinclair/typebox/value';
import { ServerFrameSchema } from '../../domain/contract/wire';
import { PAGE_SECRET_HEADER, WS_PROTOCOL, WS_SESSION_PREFIX } from '../../domain/contract/wire';
import { NO_SESSION_MESSAGE, takePageSecret } from './page-session';
import type { Envelope, Transport } from './transport';

const CALL_TIMEOUT_MS = 120_000;

export function wsTransport(url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`, pageSecret: string | null = takePageSecret()): Transport {
  const noSession: Envelope = { ok: false, error: { code: 'OFFLINE', message: NO_SESSION_MESSAGE } };
  let sessionLost = pageSecret === null;
  let socket: WebSocket | null = null;
  let ready: Promise<WebSocket> | null = null;
  let nextId = 1;
  let retryMs = 250;
  const pending = new Map<number, { resolve: (e: Envelope) => void; timer: ReturnType<typeof setTimeout> }>();
  const eventListeners = new Set<(event: string, payload: unknown) => void>();
  const connListeners = new Set<(up: boolean) => void>();
  /** Calls waiting for a connection when the session turns out to be gone. */
  const lostListeners = new Set<() => void>();

  /** After a refused connection: does the host still know this tab's secret? (A WebSocket cannot tell why.) */
  async function stillValid(): Promise<boolean> {
    try {
      const r = await fetch('/session', { headers: { [PAGE_SECRET_HEADER]: pageSecret ?? '' }, cache: 'no-store', credentials: 'same-origin' });
      return r.status !== 401;
    } catch {
      return true; // the host is down or restarting: keep retrying
    }
  }

  function connect(): Promise<WebSocket> {
    if (ready) return ready;
    ready = new Promise<WebSocket>((resolve) => {
      const ws = new WebSocket(url, [WS_PROTOCOL, `${WS_SESSION_PREFIX}${pageSecret ?? ''}`]);
      ws.onopen = () => {
        socket = ws;
        retryMs = 250;
        connListeners.forEach((l) => l(true));
        resolve(ws);
      };
      ws.onmessage = (m) => {
        let frame: unknown;
        try {
          frame = JSON.parse(String(m.data));
        } catch {
          return;
        }
        if (!Value.Check(ServerFrameSchema, frame)) return;
        if (frame.t === 'event') {
          eventListeners.forEach((l) => l(frame.event, frame.payload));
          return;
        }
        const p = pending.get(frame.id);
        if (!p) return;
        pending.delete(frame.id);
        clearTimeout(p.timer);
        p.resolve(frame.ok ? { ok: true, value: frame.value } : { ok: false, error: frame.error });
      };
      ws.onclose = () => {
        const wasOpen = socket === ws;
        socket = null;
        ready = null;
        if (wasOpen) connListeners.forEach((l) => l(false));
        for (const [id, p] of pending) {
          clearTimeout(p.timer);
          p.resolve({ ok: false, error: { code: 'OFFLINE', message: '与本机服务的连接已断开，正在重新连接，请稍后重试' } });
          pending.delete(id);
        }
        const retry = () => {
          setTimeout(() => void connect().then(resolve), retryMs);
          retryMs = Math.min(retryMs * 2, 5000);
        };
        if (wasOpen) return retry();
        void stillValid().then((valid) => {
          if (valid) return retry();
          sessionLost = true;
          for (const l of lostListeners) l();
        });
      };
    });
    return ready;
  }
  if (!sessionLost) void connect();

  /** The open socket, or null once the session is known to be gone. */
  function socketOrLost(): Promise<WebSocket | null> {
    if (sessionLost) return Promise.resolve(null);
    return new Promise((resolve) => {
      const lost = () => {
        lostListeners.delete(lost);
        resolve(null);
      };
      lostListeners.add(lost);
      void connect().then((ws) => {
        lostListeners.delete(lost);
        resolve(ws);
      });
    });
  }

  return {
    kind: 'ws',
    async call(channel, payload) {
      const ws = await socketOrLost();
      if (!ws) return noSession;
      const id = nextId++;
      return new Promise<Envelope>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve({ ok: false, error: { code: 'OFFLINE', message: '本机服务长时间没有应答，请稍后重试' } });
        }, CALL_TIMEOUT_MS);
        pending.set(id, { resolve, timer });
        ws.send(JSON.stringify({ t: 'call', id, channel, payload }));
      });
    },
    onEvent(l) {
      eventListeners.add(l);
      return () => eventListeners.delete(l);
    },
    onConnection(l) {
      connListeners.add(l);
      return () => connListeners.delete(l);
    },
  };
}
