/**
 * A fixed-window per-IP limiter for the public verification page: small, in process, no dependency.
 * One server process per bianban, so in-memory counting is enough.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './errors';

export function rateLimit(o: { max: number; windowMs: number; now?: () => number }) {
  const hits = new Map<string, { start: number; count: number }>();
  const now = o.now ?? Date.now;
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const t = now();
    let w = hits.get(req.ip);
    if (!w || t - w.start >= o.windowMs) {
      w = { start: t, count: 0 };
      hits.set(req.ip, w);
      if (hits.size > 10_000) for (const [k, v] of hits) if (t - v.start >= o.windowMs) hits.delete(k);
    }
    w.count++;
    reply.header('x-ratelimit-limit', o.max);
    reply.header('x-ratelimit-remaining', Math.max(0, o.max - w.count));
    if (w.count > o.max) {
      reply.header('retry-after', Math.ceil((w.start + o.windowMs - t) / 1000));
      throw new HttpError(429, 'RATE_LIMITED', '查询过于频繁，请稍后再试');
    }
  };
}
