/**
 * A fault-injecting TCP proxy on 127.0.0.1 in front of the bianban server. TLS passes through untouched
 * (the client still checks the server's certificate end to end); the proxy only breaks the transport:
 * resets a connection after N bytes towards the client (mid-page), delays every chunk towards the
 * client (a slow server), or refuses to reach the server at all.
 */
import net from 'node:net';

export type Fault =
  | { kind: 'none' }
  /** RST the connection once this many bytes have gone from server to client on it. */
  | { kind: 'resetAfter'; bytes: number }
  /** Hold each server→client chunk this long. */
  | { kind: 'delay'; ms: number }
  /** Accept, then reset at once (the server's side is unreachable). */
  | { kind: 'refuse' };

export interface FaultProxy {
  url: string;
  port: number;
  fault: Fault;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Resets every open connection now (a link that drops). */
  dropAll(): void;
  close(): Promise<void>;
}

export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  const open = new Set<net.Socket>();
  let connections = 0;
  const state: { fault: Fault } = { fault: { kind: 'none' } };
  const server = net.createServer((client) => {
    connections++;
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => undefined);
    const fault = state.fault;
    if (fault.kind === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    open.add(upstream);
    upstream.on('close', () => {
      open.delete(upstream);
      if (!client.destroyed) client.end();
    });
    upstream.on('error', () => {
      if (!client.destroyed) client.resetAndDestroy();
    });
    client.on('close', () => upstream.destroy());
    client.pipe(upstream);
    let sent = 0;
    let counting: Fault = state.fault;
    upstream.on('data', (chunk: Buffer) => {
      const f = state.fault;
      // Keep-alive connections outlive a fault change: count bytes from the moment the fault was set.
      if (f !== counting) {
        counting = f;
        sent = 0;
      }
      if (f.kind === 'resetAfter') {
        const room = f.bytes - sent;
        if (room <= 0 || chunk.length >= room) {
          if (room > 0) client.write(chunk.subarray(0, room));
          client.resetAndDestroy();
          upstream.destroy();
          return;
        }
      }
      sent += chunk.length;
      if (f.kind === 'delay') {
        upstream.pause();
        setTimeout(() => {
          if (!client.destroyed) client.write(chunk);
          upstream.resume();
        }, f.ms);
      } else if (!client.destroyed) client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    get fault() {
      return state.fault;
    },
    set fault(f: Fault) {
      state.fault = f;
    },
    get connections() {
      return connections;
    },
    dropAll() {
      for (const s of open) s.resetAndDestroy();
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
