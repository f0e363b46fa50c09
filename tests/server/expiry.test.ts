import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireSlips } from '../../server/workflow/expire';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { createWorld, type World } from './helpers/world';

let t: TestDatabase;
let w: World;
beforeAll(async () => {
  t = await createTestDatabase();
  w = await createWorld(t.db, { slipValidityDays: 30 });
});
afterAll(async () => {
  await w?.close();
  await t?.drop();
});

describe('slip expiry job', () => {
  it('releases the posts of an expired slip and /verify says it expired', async () => {
    const other = await w.login(w.actors.other);
    const rev = await w.login(w.actors.reviewerC2);
    const r = await w.signed(w.actors.other, 'OTHER', 'postUse', { postKey: 'administrative', count: 3, recruitChannel: 'civilServiceExam', reason: '' });
    await w.call('POST', '/api/v1/sync/push', other, { requests: [r] });
    const slip = (await w.call('POST', `/api/v1/requests/${r.id}/decision`, rev, { outcome: 'approve', comment: '' })).json.request.result.formNumber;
    expect((await w.call('GET', '/api/v1/units/OTHER/summary', other)).json.reserved.administrative).toBe(3);

    expect(await expireSlips(w.deps)).toEqual([]);
    w.clock.offsetMs = 31 * 86_400_000;
    try {
      const token = await w.login(w.actors.other);
      // Even before the job runs, a slip past its date no longer reserves posts.
      expect((await w.call('GET', '/api/v1/units/OTHER/summary', token)).json.reserved.administrative).toBe(0);
      expect(await expireSlips(w.deps)).toEqual([slip]);
      expect((await w.call('GET', `/verify/${encodeURIComponent(slip)}`)).json).toMatchObject({ status: 'expired', genuine: true });
      const pulled = await w.call('GET', '/api/v1/sync/pull?after=0&limit=5000', token);
      expect(pulled.json.changes.find((c: { entity: string; id: string }) => c.entity === 'slip' && c.id === slip).data.status).toBe('expired');
    } finally {
      w.clock.offsetMs = 0;
    }
  });

  it('/verify: 404 for an unknown number, digest check, rate limit', async () => {
    const nf = await w.call('GET', '/verify/%E4%BC%AA%E9%80%A0');
    expect(nf.status).toBe(404);
    const form = (await t.db.query<{ number: string; digest: string }>('SELECT number, digest FROM forms LIMIT 1')).rows[0]!;
    expect((await w.call('GET', `/verify/${encodeURIComponent(form.number)}?digest=${form.digest}`)).json.digestMatches).toBe(true);
    expect((await w.call('GET', `/verify/${encodeURIComponent(form.number)}?digest=${'0'.repeat(64)}`)).json.digestMatches).toBe(false);
    // A tampered stored content no longer verifies as genuine.
    await t.db.query(`UPDATE forms SET content = jsonb_set(content, '{count}', '30') WHERE number = $1`, [form.number]);
    expect((await w.call('GET', `/verify/${encodeURIComponent(form.number)}`)).json.genuine).toBe(false);
    let limited = 0;
    for (let i = 0; i < w.deps.config.verifyRateLimit.max + 5; i++) if ((await w.call('GET', `/verify/X${i}`)).status === 429) limited++;
    expect(limited).toBeGreaterThan(0);
  });
});
