/**
 * Rate limits (issue 14, "Errors and limits"): login challenges per client IP, the province-wide person
 * lookup per reviewer certificate. A refusal is a 429 in the one error shape, in Chinese, with Retry-After.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { createWorld, type World } from './helpers/world';

let t: TestDatabase;
let w: World;
let c1: string;
let c2: string;

beforeAll(async () => {
  t = await createTestDatabase();
  w = await createWorld(t.db, { challengeRateLimit: { max: 5, windowMs: 60_000 }, personLookupRateLimit: { max: 3, windowMs: 60_000 } });
  c1 = await w.login(w.actors.reviewerC1);
  c2 = await w.login(w.actors.reviewerC2);
});
afterAll(async () => {
  await w?.close();
  await t?.drop();
});

function expect429(r: { statusCode: number; headers: Record<string, unknown>; json: () => { error: { code: string; message: string } } }, text: RegExp) {
  expect(r.statusCode).toBe(429);
  expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
  expect(r.json().error.code).toBe('RATE_LIMITED');
  expect(r.json().error.message).toMatch(text);
}

describe('rate limits', () => {
  it('login challenges: per client IP', async () => {
    // Two of the five were spent by the logins above.
    for (let i = 0; i < 3; i++) expect((await w.app.inject({ method: 'POST', url: '/api/v1/auth/challenge' })).statusCode).toBe(200);
    expect429(await w.app.inject({ method: 'POST', url: '/api/v1/auth/challenge' }), /登录请求过于频繁，请 \d+ 秒后再试/);
    // Another address is counted on its own.
    expect((await w.app.inject({ method: 'POST', url: '/api/v1/auth/challenge', remoteAddress: '10.0.0.9' })).statusCode).toBe(200);
  });

  it('person lookup: per reviewer certificate', async () => {
    const look = (token: string) => w.app.inject({ method: 'GET', url: '/api/v1/reviewer/people/370102199001011234', headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 3; i++) expect((await look(c1)).statusCode).toBe(200);
    expect429(await look(c1), /按身份证号查询过于频繁（每分钟最多 3 次）/);
    // Another reviewer from the same address is not affected.
    expect((await look(c2)).statusCode).toBe(200);
  });
});
