import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../domain/crypto/canonical-json';
import { CHANNELS, PUBLIC_CHANNELS } from '../../domain/contract/channels';
import type { ApiError } from '../../domain/contract/errors';
import type { HomeSummary, RequestItem, StaffPage } from '../../domain/contract/views';
import { ledgerSummary, total } from '../../domain/ledger';
import { verifyEnvelope } from '../../native/signing';
import { DEMO_PIN } from '../../native/demo-key';
import { clientFixture, TODAY, type Fixture } from './fixtures';

let f: Fixture;
beforeAll(async () => {
  f = await clientFixture();
});
afterAll(async () => f?.close());

async function refused(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected the call to be refused');
}

describe('client services over the contract', () => {
  it('answers every channel of the contract', () => {
    expect(Object.keys(f.client.handlers).sort()).toEqual([...CHANNELS].sort());
  });

  it('refuses data channels until the key is logged in, and malformed requests always', async () => {
    expect((await f.client.call('key:status', {})) as { state: string }).toMatchObject({ state: 'present', kind: 'demo', displayName: '演示密钥' });
    const locked = await refused(f.client.call('home:summary', {}));
    expect(locked.code).toBe('LOCKED');
    expect(locked.message).toContain('PIN');
    expect((await refused(f.client.call('no:such', {}))).code).toBe('UNKNOWN_CHANNEL');
    expect((await refused(f.client.call('key:login', { pin: 123456 }))).code).toBe('BAD_MESSAGE');
    expect((await refused(f.client.call('key:status', { extra: true }))).code).toBe('BAD_MESSAGE');
    for (const ch of PUBLIC_CHANNELS) expect(CHANNELS).toContain(ch);
  });

  it('says a wrong PIN is wrong, then logs in with the right one', async () => {
    const wrong = await refused(f.client.call('key:login', { pin: '000000' }));
    expect(wrong.code).toBe('KEY');
    expect(wrong.detail).toBe('PIN_INCORRECT');
    expect(wrong.message).toMatch(/PIN 码错误/);
    const ok = (await f.client.call('key:login', { pin: DEMO_PIN })) as { state: string; unitId: string };
    expect(ok).toMatchObject({ state: 'loggedIn', unitId: f.unitId });
  });

  it('home shows the ledger arithmetic of the seeded unit', async () => {
    const h = (await f.client.call('home:summary', {})) as HomeSummary;
    const own = ledgerSummary({
      entries: f.slice.ledger.filter((e) => e.unitId === f.unitId),
      staff: f.slice.staff.filter((s) => s.unitId === f.unitId),
      slips: f.slice.slips.filter((s) => s.unitId === f.unitId),
      today: TODAY,
    });
    expect(h.unit.id).toBe(f.unitId);
    expect(h.own.totals).toEqual({ approved: total(own.approved), occupied: total(own.occupied), reserved: total(own.reserved), vacant: total(own.vacant) });
    const subtreeIds = new Set(f.slice.units.filter((u) => u.id === f.unitId || u.supervisorUnitId === f.unitId).map((u) => u.id));
    expect(h.staffCount).toBe(f.slice.staff.filter((s) => subtreeIds.has(s.unitId)).length);
    expect(h.subordinateCount).toBe(subtreeIds.size - 1);
  });

  it('pages, filters and masks the staff list', async () => {
    const all = (await f.client.call('staff:list', { scope: 'subtree', offset: 0, limit: 500 })) as StaffPage;
    expect(all.total).toBeGreaterThan(10);
    expect(all.rows[0]!.idNumberMasked).toMatch(/^\d{6}\*+[\dX]{4}$/);
    const page2 = (await f.client.call('staff:list', { scope: 'subtree', offset: 5, limit: 5 })) as StaffPage;
    expect(page2.rows.map((r) => r.id)).toEqual(all.rows.slice(5, 10).map((r) => r.id));
    const women = (await f.client.call('staff:list', { scope: 'subtree', sex: 'female', offset: 0, limit: 500 })) as StaffPage;
    expect(women.rows.every((r) => r.sex === 'female')).toBe(true);
    const someone = all.rows[3]!;
    const found = (await f.client.call('staff:list', { scope: 'subtree', text: someone.name, offset: 0, limit: 50 })) as StaffPage;
    expect(found.rows.some((r) => r.id === someone.id)).toBe(true);
    const card = (await f.client.call('staff:get', { id: someone.id })) as { staff: { idNumber: string } };
    expect(card.staff.idNumber).toHaveLength(18);
  });

  it('refuses an invalid ID number on its own field before anything is signed', async () => {
    const r = (await f.client.call('requests:check', {
      kind: 'enrollment',
      payload: {
        slipNumber: 'X',
        slotNo: 1,
        person: { name: '张三', idNumber: '110105199001011235', sex: 'male', birthDate: '1990-01-01', ethnicity: '汉族', education: 'bachelor', politicalStatus: '群众', phone: '' },
        divisionId: null,
        position: '科员',
        positionLevel: '',
        enrolledOn: TODAY,
        photoDigest: null,
      },
    })) as { errors: { field: string; message: string }[] };
    const id = r.errors.find((e) => e.field === 'person.idNumber');
    expect(id?.message).toMatch(/身份证号：校验码应为/);
    expect(r.errors.find((e) => e.field === 'slipNumber')?.message).toMatch(/没有编号为 X 的使用单/);
  });

  it('pre-checks the vacancy of a post-use request', async () => {
    const h = (await f.client.call('home:summary', {})) as HomeSummary;
    const row = h.own.posts.find((p) => p.approved > 0)!;
    const r = (await f.client.call('requests:check', {
      kind: 'postUse',
      payload: { postKey: row.key, count: Math.max(1, row.vacant) + 5, recruitChannel: 'openRecruitment', reason: '岗位空缺需要补充' },
    })) as { errors: { field: string; message: string }[] };
    expect(r.errors[0]).toMatchObject({ field: 'count' });
    expect(r.errors[0]!.message).toMatch(/空编/);
  });

  it('signs a request and keeps it in the outbox as 待上传, with the signature over its canonical JSON', async () => {
    const h = (await f.client.call('home:summary', {})) as HomeSummary;
    const row = h.own.posts.find((p) => p.vacant > 0) ?? h.own.posts.find((p) => p.approved > 0)!;
    const req = { kind: 'postUse' as const, payload: { postKey: row.key, count: 1, recruitChannel: 'openRecruitment' as const, reason: '岗位空缺需要补充' } };
    if (row.vacant <= 0) {
      expect((await refused(f.client.call('requests:submit', req))).code).toBe('VALIDATION');
      return;
    }
    const item = (await f.client.call('requests:submit', req)) as RequestItem;
    expect(item).toMatchObject({ kind: 'postUse', localState: 'waitingUpload', state: 'submitted', unitId: f.unitId });
    const [queued] = f.client.store.outbox.listByRequest(item.id);
    expect(queued!.state).toBe('pending');
    const cert = (await f.client.gate.certificatePem())!;
    expect(verifyEnvelope(new TextEncoder().encode(canonicalJson(queued!.body)), queued!.signature, cert)).toBe(true);
    const list = (await f.client.call('requests:list', {})) as RequestItem[];
    expect(list.find((r) => r.id === item.id)?.localState).toBe('waitingUpload');
    expect(f.events.some((e) => e.event === 'data:changed')).toBe(true);
  });

  it('keeps drafts on this machine', async () => {
    const d = (await f.client.call('requests:saveDraft', { kind: 'departure', payload: { note: '草稿' } })) as { id: string };
    expect(((await f.client.call('requests:drafts', {})) as { id: string }[]).map((x) => x.id)).toContain(d.id);
    await f.client.call('requests:deleteDraft', { id: d.id });
    expect(((await f.client.call('requests:drafts', {})) as { id: string }[]).map((x) => x.id)).not.toContain(d.id);
  });

  it('exports the staff list as an Excel workbook', async () => {
    const x = (await f.client.call('staff:export', { scope: 'unit' })) as { fileName: string; base64: string; rows: number };
    expect(x.fileName).toMatch(/实有人员名册.*\.xlsx$/);
    expect(Buffer.from(x.base64, 'base64').subarray(0, 2).toString()).toBe('PK');
    expect(x.rows).toBeGreaterThan(0);
  });

  it('locks within 2 s when the key is pulled, and never logs the PIN', async () => {
    const before = Date.now();
    f.keys.remove();
    const locked = f.events.find((e) => e.event === 'key:locked' && e.at >= before);
    expect(locked).toBeDefined();
    expect(locked!.at - before).toBeLessThan(2000);
    expect((await refused(f.client.call('home:summary', {}))).code).toBe('LOCKED');
    expect(((await f.client.call('key:status', {})) as { state: string }).state).toBe('absent');
    f.keys.insert();
    await new Promise((r) => setTimeout(r, 50));
    expect(((await f.client.call('key:status', {})) as { state: string }).state).toBe('present');
    expect(f.logs.join('')).not.toContain(DEMO_PIN);
  });
});
