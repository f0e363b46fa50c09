/** Bad input gets a clear 4xx with a Chinese message, and changes nothing. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from './helpers/fingerprint';
import 'reflect-metadata';
import { signWith } from './helpers/identities';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { createWorld, idNumber, type Json, type World } from './helpers/world';

let t: TestDatabase;
let w: World;
let inst: string;
let rev: string;
let slipNo: string;

beforeAll(async () => {
  t = await createTestDatabase();
  w = await createWorld(t.db, { bodyLimit: 64 * 1024 });
  inst = await w.login(w.actors.inst);
  rev = await w.login(w.actors.reviewerC1);
  const dept = await w.login(w.actors.dept);
  const pu = await w.signed(w.actors.inst, 'INST', 'postUse', { postKey: 'institutional:full', count: 1, recruitChannel: 'openRecruitment', reason: '' });
  await w.call('POST', '/api/v1/sync/push', inst, { requests: [pu] });
  await w.call('POST', `/api/v1/requests/${pu.id}/decision`, dept, { outcome: 'approve', comment: '' });
  slipNo = (await w.call('POST', `/api/v1/requests/${pu.id}/decision`, rev, { outcome: 'approve', comment: '' })).json.request.result.formNumber;
});
afterAll(async () => {
  await w?.close();
  await t?.drop();
});

async function unchanged(fn: () => Promise<void>): Promise<void> {
  const before = await fingerprint(t.db);
  await fn();
  expect(await fingerprint(t.db)).toEqual(before);
}

function expectError(r: { status: number; json: Json }, status: number, text?: RegExp) {
  expect(r.status).toBe(status);
  expect(typeof r.json.error.message).toBe('string');
  expect(r.json.error.message).toMatch(/[\u4e00-\u9fff]/);
  if (text) expect(r.json.error.message).toMatch(text);
}

describe('bad input → clear 4xx, nothing changed', () => {
  it('malformed JSON', async () => {
    await unchanged(async () => {
      const r = await w.app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: { authorization: `Bearer ${inst}`, 'content-type': 'application/json' }, payload: '{"requests": [' });
      expectError({ status: r.statusCode, json: r.json() }, 400, /JSON/);
    });
  });

  it('schema violations name the field', async () => {
    await unchanged(async () => {
      const req = await w.signed(w.actors.inst, 'INST', 'postUse', { postKey: 'institutional:full', count: 1, recruitChannel: 'openRecruitment', reason: '' });
      const r = await w.call('POST', '/api/v1/sync/push', inst, { requests: [{ ...req, payload: { ...(req.payload as object), count: -3 } }] });
      expectError(r, 400, /请求格式不正确/);
    });
  });

  it('wrong signature on login and on a pushed request', async () => {
    await unchanged(async () => {
      const ch = await w.call('POST', '/api/v1/auth/challenge');
      // Signed by the DEPT key but presenting the INST certificate.
      const sig = await signWith(w.actors.dept.key, w.actors.inst.cert, { challenge: ch.json.challenge, purpose: 'login' });
      const r = await w.call('POST', '/api/v1/auth/login', undefined, { certificate: w.actors.inst.cert, challenge: ch.json.challenge, signature: sig });
      expectError(r, 401, /签名/);
    });
    await unchanged(async () => {
      const req = await w.signed(w.actors.inst, 'INST', 'postUse', { postKey: 'institutional:full', count: 1, recruitChannel: 'openRecruitment', reason: '原因' });
      const tampered = { ...req, payload: { ...(req.payload as object), reason: '签名后改动' } };
      expectError(await w.call('POST', '/api/v1/sync/push', inst, { requests: [tampered] }), 400, /签名/);
    });
  });

  it('replayed challenge', async () => {
    const ch = await w.call('POST', '/api/v1/auth/challenge');
    const signature = await signWith(w.actors.inst.key, w.actors.inst.cert, { challenge: ch.json.challenge, purpose: 'login' });
    const body = { certificate: w.actors.inst.cert, challenge: ch.json.challenge, signature };
    expect((await w.call('POST', '/api/v1/auth/login', undefined, body)).status).toBe(200);
    await unchanged(async () => {
      expectError(await w.call('POST', '/api/v1/auth/login', undefined, body), 401, /已使用/);
    });
  });

  it('expired session', async () => {
    const token = await w.login(w.actors.inst);
    w.clock.offsetMs = (w.deps.config.sessionTtlSeconds + 1) * 1000;
    try {
      await unchanged(async () => {
        expectError(await w.call('GET', '/api/v1/sync/pull?after=0', token), 401, /过期/);
      });
    } finally {
      w.clock.offsetMs = 0;
    }
  });

  it('revoked certificate stops working at once, mid-session', async () => {
    const { softKey } = await import('./helpers/identities');
    const key = await softKey('临时');
    const issued = await w.call('POST', '/api/v1/ca/certificates', rev, { csr: key.csr, role: 'unit', unitId: 'INST', holderName: '临时经办人' });
    const a = { name: '临时', key, cert: issued.json.certificate, serial: issued.json.serial };
    const token = await w.login(a);
    expect((await w.call('GET', '/api/v1/me', token)).status).toBe(200);
    expect((await w.call('POST', `/api/v1/ca/certificates/${a.serial}/revoke`, rev, { reason: '遗失' })).status).toBe(200);
    await unchanged(async () => {
      expectError(await w.call('GET', '/api/v1/me', token), 401);
      const req = await w.signed(a, 'INST', 'postUse', { postKey: 'institutional:full', count: 1, recruitChannel: 'openRecruitment', reason: '' });
      expectError(await w.call('POST', '/api/v1/sync/push', inst, { requests: [req] }), 400, /签名证书/);
    });
    const crl = await w.app.inject({ method: 'GET', url: '/ca/crl?format=der' });
    const { X509Crl } = await import('@peculiar/x509');
    const parsed = new X509Crl(new Uint8Array(crl.rawPayload));
    expect(await parsed.verify({ publicKey: w.deps.ca.certificate.publicKey })).toBe(true);
    expect(parsed.findRevoked(a.serial)).not.toBeNull();
    expect((await w.app.inject({ method: 'GET', url: '/ca/crl' })).body).toContain('-----BEGIN X509 CRL-----');
    const ch = await w.call('POST', '/api/v1/auth/challenge');
    const signature = await signWith(key, a.cert, { challenge: ch.json.challenge, purpose: 'login' });
    expectError(await w.call('POST', '/api/v1/auth/login', undefined, { certificate: a.cert, challenge: ch.json.challenge, signature }), 401, /吊销/);
  });

  it("another unit's data", async () => {
    const other = await w.login(w.actors.other);
    const c2 = await w.login(w.actors.reviewerC2);
    const dept = await w.login(w.actors.dept);
    const rq = await w.signed(w.actors.inst, 'INST', 'change', { target: 'unit', targetId: 'INST', changes: [{ field: 'phone', from: '', to: '0531' }], reason: '' });
    expect((await w.call('POST', '/api/v1/sync/push', inst, { requests: [rq] })).status).toBe(200);
    expect((await w.call('POST', `/api/v1/requests/${rq.id}/decision`, dept, { outcome: 'approve', comment: '' })).status).toBe(200);
    await unchanged(async () => {
      expectError(await w.call('GET', '/api/v1/units/INST/summary', other), 403);
      const req = await w.signed(w.actors.other, 'INST', 'postUse', { postKey: 'institutional:full', count: 1, recruitChannel: 'openRecruitment', reason: '' });
      expectError(await w.call('POST', '/api/v1/sync/push', other, { requests: [req] }), 403);
      expectError(await w.call('GET', `/api/v1/forms/${encodeURIComponent(slipNo)}`, other), 403);
      expectError(await w.call('GET', `/api/v1/requests/${rq.id}`, other), 403);
      // A reviewer of another city cannot decide on it either.
      expectError(await w.call('POST', `/api/v1/requests/${rq.id}/decision`, c2, { outcome: 'approve', comment: '' }), 403, /审核范围/);
    });
  });

  it('oversized body', async () => {
    await unchanged(async () => {
      const r = await w.app.inject({ method: 'POST', url: '/api/v1/sync/push', headers: { authorization: `Bearer ${inst}`, 'content-type': 'application/json' }, payload: JSON.stringify({ requests: [], pad: 'x'.repeat(70 * 1024) }) });
      expectError({ status: r.statusCode, json: r.json() }, 413, /过大/);
    });
  });

  it('SQL-like strings are data, not SQL', async () => {
    const evil = "'); DROP TABLE staff; --";
    await unchanged(async () => {
      expectError(await w.call('GET', `/api/v1/units/${encodeURIComponent(evil)}/summary`, inst), 400);
      expectError(await w.call('GET', `/verify/${encodeURIComponent(evil)}`), 404);
    });
    const req = await w.signed(w.actors.inst, 'INST', 'change', { target: 'unit', targetId: 'INST', changes: [{ field: 'address', from: '', to: evil }], reason: evil });
    expect((await w.call('POST', '/api/v1/sync/push', inst, { requests: [req] })).status).toBe(200);
    const stored = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM staff');
    expect(stored.rows[0]!.n).toBeGreaterThan(0);
    const back = await w.call('GET', `/api/v1/requests/${req.id}`, inst);
    expect(back.json.payload.reason).toBe(evil);
  });

  it('an ID number already in establishment elsewhere (一人一编)', async () => {
    // 王五 holds a post at OTHER (another city); INST tries to enroll the same ID number.
    const person = { name: '王五', idNumber: idNumber('19900303', 33, '370202'), sex: 'male', birthDate: '1990-03-03', ethnicity: '汉族', education: 'bachelor', politicalStatus: '群众', phone: '' };
    await unchanged(async () => {
      const req = await w.signed(w.actors.inst, 'INST', 'enrollment', { slipNumber: slipNo, slotNo: 1, person, divisionId: null, position: '', positionLevel: '', enrolledOn: '2026-02-01', photoDigest: null } as never);
      expectError(await w.call('POST', '/api/v1/sync/push', inst, { requests: [req] }), 409, /一人一编/);
    });
  });

  it('same request id with other content', async () => {
    const id = randomUUID();
    const a = await w.signed(w.actors.inst, 'INST', 'change', { target: 'unit', targetId: 'INST', changes: [{ field: 'phone', from: '', to: '1' }], reason: 'a' }, id);
    expect((await w.call('POST', '/api/v1/sync/push', inst, { requests: [a] })).json.results[0].status).toBe('accepted');
    await unchanged(async () => {
      expect((await w.call('POST', '/api/v1/sync/push', inst, { requests: [a] })).json.results[0].status).toBe('duplicate');
      const b = await w.signed(w.actors.inst, 'INST', 'change', { target: 'unit', targetId: 'INST', changes: [{ field: 'phone', from: '', to: '2' }], reason: 'b' }, id);
      expectError(await w.call('POST', '/api/v1/sync/push', inst, { requests: [b] }), 409, /内容不同/);
    });
  });
});
