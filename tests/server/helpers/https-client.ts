/** A JSON client over HTTPS that trusts only the bianban CA (the way the desktop client pins it). */
import { request } from 'node:https';

// Responses are checked field by field; a loose JSON type keeps that readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export function httpsClient(base: string, caPem: string) {
  return (method: 'GET' | 'POST', path: string, token?: string, body?: unknown): Promise<{ status: number; json: Json }> =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = request(
        new URL(path, base),
        {
          method,
          ca: caPem,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown = text;
            try {
              json = JSON.parse(text);
            } catch {
              /* not JSON (PEM, empty 204) */
            }
            resolve({ status: res.statusCode ?? 0, json });
          });
        },
      );
      req.on('error', reject);
      req.end(data);
    });
}
