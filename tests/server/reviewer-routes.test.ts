/**
 * The reviewer workspace's own routes: the certificate list is cut to the reviewer's jurisdiction and
 * shows revocation; the person lookup finds a person's records across the province (一人一编 is
 * province-wide), including a unit outside the reviewer's jurisdiction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { createWorld, idNumber, type World } from './helpers/world';

let t: TestDatabase;
let w: World;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  w = await createWorld(t.db);
  for (const r of ['inst', 'reviewerC1', 'reviewerC2', 'reviewerP'] as const) tokens[r] = await w.login(w.actors[r]);
});
afterAll(async () => {
  await w?.close();
  await t?.drop();
});

type Cert = { serial: string; role: string; unitId: string | null; revokedAt: string | null };

describe('reviewer routes', () => {
  it('lists the certificates of the jurisdiction only, with revocation', async () => {
    const c1 = (await w.call('GET', '/api/v1/reviewer/certificates', tokens.reviewerC1)).json as Cert[];
    const c2 = (await w.call('GET', '/api/v1/reviewer/certificates', tokens.reviewerC2)).json as Cert[];
    const p = (await w.call('GET', '/api/v1/reviewer/certificates', tokens.reviewerP)).json as Cert[];
    const inst = w.actors.inst.serial;
    expect(c1.find((c) => c.serial === inst)).toMatchObject({ role: 'unit', unitId: 'INST', revokedAt: null });
    expect(c2.some((c) => c.serial === inst)).toBe(false);
    expect(p.some((c) => c.serial === inst)).toBe(true);
    expect(p.length).toBeGreaterThan(c1.length);

    await w.call('POST', `/api/v1/ca/certificates/${inst}/revoke`, tokens.reviewerC1, { reason: '密钥遗失' });
    const after = (await w.call('GET', '/api/v1/reviewer/certificates', tokens.reviewerC1)).json as Cert[];
    expect(after.find((c) => c.serial === inst)!.revokedAt).not.toBeNull();
  });

  it('finds a person by ID number province-wide, outside the jurisdiction too', async () => {
    const id = idNumber('19850202', 22);
    const c2 = await w.call('GET', `/api/v1/reviewer/people/${id}`, tokens.reviewerC2);
    expect(c2.status).toBe(200);
    expect(c2.json).toEqual([expect.objectContaining({ unitId: 'INST', name: '李四', departedOn: null })]);
    expect((await w.call('GET', `/api/v1/reviewer/people/${idNumber('19990909', 99)}`, tokens.reviewerC2)).json).toEqual([]);
    expect((await w.call('GET', '/api/v1/reviewer/people/12345', tokens.reviewerC2)).status).toBe(400);
  });
});
