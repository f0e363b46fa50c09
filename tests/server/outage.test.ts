/**
 * While the database is down (connection refused, connection cut, embedded database closed) every route
 * answers 503 with Retry-After in the project's error shape, not 500; once it is back, 200 again.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/database';
import { createPgDatabase } from '../../server/db/pg-database';
import { createPgliteDatabase } from '../../server/db/pglite-database';
import { isDatabaseOutage } from '../../server/http/error-handler';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { createWorld, type World } from './helpers/world';

let t: TestDatabase;
let w: World;
let token: string;
let reviewer: string;
const servers: Server[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  w = await createWorld(t.db);
  token = await w.login(w.actors.inst);
  reviewer = await w.login(w.actors.reviewerC1);
});
afterAll(async () => {
  w.deps.db = t.db;
  await w?.close();
  await t?.drop();
  for (const s of servers) s.close();
});

/** A TCP port with a listener that does what `onSocket` says (or nothing listening, when closed). */
async function listener(onSocket: (s: Socket) => void, keep = true): Promise<number> {
  const s = createServer(onSocket);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  if (keep) servers.push(s);
  else await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function expectOutage(db: Db): Promise<void> {
  w.deps.db = db;
  const calls = [
    w.app.inject({ method: 'GET', url: '/healthz' }),
    w.app.inject({ method: 'GET', url: '/verify/X-1' }),
    w.app.inject({ method: 'POST', url: '/api/v1/auth/challenge' }),
    w.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } }),
    w.app.inject({ method: 'GET', url: '/api/v1/sync/pull?after=0', headers: { authorization: `Bearer ${token}` } }),
    w.app.inject({ method: 'GET', url: '/api/v1/reviewer/certificates', headers: { authorization: `Bearer ${reviewer}` } }),
    w.app.inject({ method: 'POST', url: '/api/v1/reviewer/units', headers: { authorization: `Bearer ${reviewer}` }, payload: { name: '新单位' } }),
  ];
  for (const r of await Promise.all(calls)) {
    expect(r.statusCode, r.body).toBe(503);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    const e = r.json().error;
    expect(e.code).toBe('DATABASE_UNAVAILABLE');
    expect(e.message).toMatch(/数据库暂时无法连接/);
  }
  w.deps.db = t.db;
  expect((await w.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  expect((await w.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
}

describe('database outage → 503 with Retry-After', () => {
  it('connection refused (nothing listens on the port)', async () => {
    const port = await listener(() => undefined, false);
    const dead = createPgDatabase(`postgresql://ebz@127.0.0.1:${port}/ebz`, { max: 2 });
    try {
      await expectOutage(dead);
    } finally {
      await dead.close().catch(() => undefined);
    }
  });

  it('connection terminated (the server hangs up)', async () => {
    const port = await listener((s) => s.destroy());
    const dead = createPgDatabase(`postgresql://ebz@127.0.0.1:${port}/ebz`, { max: 2 });
    try {
      await expectOutage(dead);
    } finally {
      await dead.close().catch(() => undefined);
    }
  });

  it('a database that accepts but never answers (connection timeout)', async () => {
    const port = await listener(() => undefined);
    const dead = createPgDatabase(`postgresql://ebz@127.0.0.1:${port}/ebz`, { max: 10, connectionTimeoutMs: 300 });
    try {
      await expectOutage(dead);
    } finally {
      await dead.close().catch(() => undefined);
    }
  });

  it('a pool already ended, and a closed embedded database', async () => {
    const ended = createPgDatabase(t.url, { max: 1 });
    await ended.close();
    await expectOutage(ended);
    const lite = await createPgliteDatabase(undefined);
    await lite.close();
    await expectOutage(lite);
  }, 60_000);

  it('business errors and bugs are not outages', () => {
    expect(isDatabaseOutage(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseOutage(new TypeError('x is not a function'))).toBe(false);
    expect(isDatabaseOutage(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
  });
});
