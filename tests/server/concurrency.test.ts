import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/verify';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { createWorld, creditCode, worldRecords, type World } from './helpers/world';

let t: TestDatabase;
let w: World;
beforeAll(async () => {
  t = await createTestDatabase();
  const records = worldRecords();
  const base = records.units[2]!;
  records.units.push({ ...base, id: 'RACE', name: '青岛市港航局', creditCode: creditCode('370200', 9) });
  records.ledger!.push({ id: 'L9', unitId: 'RACE', documentNo: '青编〔2021〕9号', date: '2021-01-01', issuer: '青岛市编委', postDeltas: { administrative: 5 }, leaderDeltas: {}, note: '' });
  w = await createWorld(t.db, {}, records);
});
afterAll(async () => {
  await w?.close();
  await t?.drop();
});

describe('concurrent approvals (PostgreSQL)', () => {
  it('20 parallel approvals competing for 5 vacancies approve exactly 5, with gap-free slip numbers', async () => {
    // A RACE officer certificate: issued through the reviewer's HTTP action, as in production.
    const { softKey } = await import('./helpers/identities');
    const key = await softKey('港航局经办人');
    const rev = await w.login(w.actors.reviewerC2);
    const issued = await w.call('POST', '/api/v1/ca/certificates', rev, { csr: key.csr, role: 'unit', unitId: 'RACE', holderName: '港航局经办人' });
    expect(issued.status).toBe(200);
    const officer = { name: '港航局经办人', key, cert: issued.json.certificate as string, serial: issued.json.serial as string };
    const token = await w.login(officer);

    const requests = [];
    for (let i = 0; i < 20; i++) requests.push(await w.signed(officer, 'RACE', 'postUse', { postKey: 'administrative', count: 1, recruitChannel: 'civilServiceExam', reason: `第${i + 1}批` }));
    const push = await w.call('POST', '/api/v1/sync/push', token, { requests });
    expect(push.status).toBe(200);
    expect(push.json.results.every((r: { state: string }) => r.state === 'bianbanReview')).toBe(true);

    const outcomes = await Promise.all(requests.map((r) => w.call('POST', `/api/v1/requests/${r.id}/decision`, rev, { outcome: 'approve', comment: '同意' })));
    const approved = outcomes.filter((o) => o.status === 200);
    const refused = outcomes.filter((o) => o.status !== 200);
    expect(approved).toHaveLength(5);
    expect(refused).toHaveLength(15);
    for (const r of refused) {
      expect(r.status).toBe(422);
      expect(r.json.error.message).toContain('空编');
    }
    const numbers = approved.map((o) => o.json.request.result.formNumber as string).sort();
    const year = numbers[0]!.match(/〔(\d{4})〕/)![1];
    expect(numbers).toEqual([1, 2, 3, 4, 5].map((n) => `青机编用〔${year}〕000${n}号`));

    const summary = await w.call('GET', '/api/v1/units/RACE/summary', token);
    expect(summary.json.reserved.administrative).toBe(5);
    expect(summary.json.vacant.administrative).toBe(0);
    // The refused ones are still waiting for a decision, untouched.
    const queue = await w.call('GET', '/api/v1/review/queue?unitId=RACE', rev);
    expect(queue.json.total).toBe(15);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('two approvals racing for one slot: exactly one enrolls', async () => {
    const rev = await w.login(w.actors.reviewerC2);
    const other = await w.login(w.actors.other);
    const pu = await w.signed(w.actors.other, 'OTHER', 'postUse', { postKey: 'administrative', count: 1, recruitChannel: 'civilServiceExam', reason: '' });
    await w.call('POST', '/api/v1/sync/push', other, { requests: [pu] });
    const slip = (await w.call('POST', `/api/v1/requests/${pu.id}/decision`, rev, { outcome: 'approve', comment: '' })).json.request.result.formNumber;
    const { idNumber } = await import('./helpers/world');
    const person = (n: number) => ({ name: `候选${n}`, idNumber: idNumber('19960101', 100 + n), sex: 'male', birthDate: '1996-01-01', ethnicity: '汉族', education: 'bachelor', politicalStatus: '群众', phone: '' });
    const e = [];
    for (const n of [1, 3]) e.push(await w.signed(w.actors.other, 'OTHER', 'enrollment', { slipNumber: slip, slotNo: 1, person: person(n), divisionId: null, position: '科员', positionLevel: '', enrolledOn: '2026-01-05', photoDigest: null } as never));
    expect((await w.call('POST', '/api/v1/sync/push', other, { requests: e })).status).toBe(200);
    const res = await Promise.all(e.map((r) => w.call('POST', `/api/v1/requests/${r.id}/decision`, rev, { outcome: 'approve', comment: '' })));
    expect(res.map((r) => r.status).sort()).toEqual([200, 422]);
    const slots = await t.db.query<{ staff_id: string | null }>('SELECT staff_id FROM slip_slots WHERE slip_number = $1', [slip]);
    expect(slots.rows.filter((s) => s.staff_id)).toHaveLength(1);
  });
});
