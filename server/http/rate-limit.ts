/**
 * A fixed-window limiter (per IP unless the route keys it otherwise, e.g. per certificate): small, in
 * process, no dependency. One server process per bianban, so in-memory counting is enough.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './errors';

export interface RateLimitOptions {
  max: number;
  windowMs: number;
  now?: () => number;
  /** Whose calls are counted together (default: the client's IP). */
  key?: (req: FastifyRequest) => string;
  /** The 429 message; `{s}` is replaced by the seconds to wait. */
  message?: string;
}

export function rateLimit(o: RateLimitOptions) {
  const hits = new Map<string, { start: number; count: number }>();
  const now = o.now ?? Date.now;
  const keyOf = o.key ?? ((req: FastifyRequest) => req.ip);
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const t = now();
    const k = keyOf(req);
    let w = hits.get(k);
    if (!w || t - w.start >= o.windowMs) {
      w = { start: t, count: 0 };
      hits.set(k, w);
      if (hits.size > 10_000) for (const [key, v] of hits) if (t - v.start >= o.windowMs) hits.delete(key);
    }
    w.count++;
    reply.header('x-ratelimit-limit', o.max);
    reply.header('x-ratelimit-remaining', Math.max(0, o.max - w.count));
    if (w.count > o.max) {
      const wait = Math.max(1, Math.ceil((w.start + o.windowMs - t) / 1000));
      reply.header('retry-after', wait);
      throw new HttpError(429, 'RATE_LIMITED', (o.message ?? '查询过于频繁，请 {s} 秒后再试').replace('{s}', String(wait)));
    }
  };
}
