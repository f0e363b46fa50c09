/**
 * 台账管理 on the server: a reviewer records an approval document with its scanned PDF (stored, digest kept,
 * downloadable by the unit, audited, pulled by sync), and changes the organisation — create, rename,
 * merge (staff and ledger move), abolish (refused while staff remain) — of units and divisions.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { creditCode, createWorld, type World } from './helpers/world';

let t: TestDatabase;
let w: World;
const tokens = {} as Record<'inst' | 'dept' | 'other' | 'reviewerC1' | 'reviewerC2', string>;

beforeAll(async () => {
  t = await createTestDatabase();
  w = await createWorld(t.db);
  for (const r of ['inst', 'dept', 'other', 'reviewerC1', 'reviewerC2'] as const) tokens[r] = await w.login(w.actors[r]);
});
afterAll(async () => {
  await w?.close();
  await t?.drop();
});

export function pdfBytes(size = 2048): Buffer {
  const head = Buffer.from('%PDF-1.4\n% 批准文件扫描件\n', 'utf8');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length), 0x20)]);
}

const record = (unitId: string, token: string, over: Record<string, unknown> = {}, pdf = pdfBytes()) =>
  w.call('POST', `/api/v1/reviewer/units/${unitId}/ledger`, token, {
    documentNo: '济编〔2024〕7号',
    date: '2024-03-01',
    issuer: '济南市机构编制委员会',
    postDeltas: { 'institutional:full': 3 },
    leaderDeltas: { unitDeputy: 1 },
    note: '增加编制',
    pdf: { fileName: '济编〔2024〕7号.pdf', base64: pdf.toString('base64') },
    ...over,
  });

const basis = { documentNo: '济编〔2024〕9号', date: '2024-05-01' };

describe('ledger: approval documents with the scanned PDF', () => {
  it('records the entry, keeps the PDF with its digest, and the unit sees more approved posts', async () => {
    const before = (await w.call('GET', '/api/v1/units/INST/summary', tokens.inst)).json.approved['institutional:full'];
    const pdf = pdfBytes(50_000);
    const res = await record('INST', tokens.reviewerC1, {}, pdf);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ unitId: 'INST', documentNo: '济编〔2024〕7号', document: { sha256: createHash('sha256').update(pdf).digest('hex'), size: 50_000 } });
    expect((await w.call('GET', '/api/v1/units/INST/summary', tokens.inst)).json.approved['institutional:full']).toBe(before + 3);

    // The unit's sync sees the new entry; the PDF downloads byte for byte for the unit and the reviewer.
    const pulled = (await w.call('GET', '/api/v1/sync/pull?after=0&limit=5000', tokens.inst)).json.changes as { entity: string; id: string }[];
    expect(pulled.some((c) => c.entity === 'ledgerEntry' && c.id === res.json.id)).toBe(true);
    for (const who of ['inst', 'dept', 'reviewerC1'] as const) {
      const dl = await w.app.inject({ method: 'GET', url: `/api/v1/ledger/${res.json.id}/document`, headers: { authorization: `Bearer ${tokens[who]}` } });
      expect(dl.statusCode, who).toBe(200);
      expect(dl.headers['content-type']).toBe('application/pdf');
      expect(Buffer.compare(dl.rawPayload, pdf)).toBe(0);
    }
    const dlOther = await w.app.inject({ method: 'GET', url: `/api/v1/ledger/${res.json.id}/document`, headers: { authorization: `Bearer ${tokens.other}` } });
    expect(dlOther.statusCode).toBe(403);

    const audit = await t.db.query<{ action: string; detail: { pdfSha256: string } }>(`SELECT action, detail FROM audit_log WHERE entity_id = $1`, [res.json.id]);
    expect(audit.rows).toEqual([expect.objectContaining({ action: 'ledger.record', detail: expect.objectContaining({ pdfSha256: res.json.document.sha256 }) })]);
    const list = (await w.call('GET', '/api/v1/reviewer/units/INST/ledger', tokens.reviewerC1)).json as { documentNo: string; document: unknown }[];
    expect(list.find((e) => e.documentNo === '济编〔2024〕7号')?.document).not.toBeNull();
  });

  it('refuses what is not a PDF, a file over 10 MB, a bad 文号, a repeat, and a cut below zero', async () => {
    const fake = await record('INST', tokens.reviewerC1, { documentNo: '济编〔2024〕8号' }, Buffer.from('GIF89a not a pdf at all'));
    expect(fake.status).toBe(422);
    expect(fake.json.error.message).toContain('不是 PDF');
    const big = await record('INST', tokens.reviewerC1, { documentNo: '济编〔2024〕8号' }, pdfBytes(10 * 1024 * 1024 + 1));
    expect(big.status).toBe(413);
    expect(big.json.error.message).toContain('10 MB');
    const badNo = await record('INST', tokens.reviewerC1, { documentNo: '随便写的' });
    expect(badNo.status).toBe(400);
    expect(badNo.json.error.field).toBe('documentNo');
    expect((await record('INST', tokens.reviewerC1)).status).toBe(409);
    const cut = await record('INST', tokens.reviewerC1, { documentNo: '济编〔2024〕10号', postDeltas: { administrative: -1 }, leaderDeltas: {} });
    expect(cut.status).toBe(422);
    expect(cut.json.error.message).toContain('核减数不能超过核定数');
    // Nothing of the refused ones was stored.
    const n = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM ledger_documents');
    expect(Number(n.rows[0]!.n)).toBe(1);
  });

  it('is the jurisdiction’s reviewers’ only', async () => {
    expect((await record('INST', tokens.reviewerC2, { documentNo: '济编〔2024〕11号' })).status).toBe(403);
    expect((await record('INST', tokens.inst, { documentNo: '济编〔2024〕11号' })).status).toBe(403);
  });
});

describe('units and divisions', () => {
  it('creates and renames a unit, each recorded in its history', async () => {
    const created = await w.call('POST', '/api/v1/reviewer/units', tokens.reviewerC1, {
      ...basis,
      name: '济南市疾病预防控制中心',
      creditCode: creditCode('370100', 77),
      kind: 'institution',
      rank: 'divisionFull',
      fundingForm: 'full',
      bianbanId: 'C1',
      supervisorUnitId: 'DEPT',
      functions: '疾病预防控制',
      address: '',
      phone: '',
    });
    expect(created.status).toBe(200);
    const id = created.json.unitId as string;
    const renamed = await w.call('POST', `/api/v1/reviewer/units/${id}/rename`, tokens.reviewerC1, { ...basis, documentNo: '济编〔2024〕12号', name: '济南市疾病预防控制中心（济南市卫生监督所）' });
    expect(renamed.json.name).toBe('济南市疾病预防控制中心（济南市卫生监督所）');
    const u = await t.db.query<{ name: string; data: { history: { text: string }[] } }>('SELECT name, data FROM units WHERE id = $1', [id]);
    expect(u.rows[0]!.data.history.map((h) => h.text)).toEqual(['济编〔2024〕9号：设立济南市疾病预防控制中心', '济编〔2024〕12号：济南市疾病预防控制中心更名为济南市疾病预防控制中心（济南市卫生监督所）']);
    // The same credit code twice is refused; a reviewer of another city cannot create units in C1.
    const again = await w.call('POST', '/api/v1/reviewer/units', tokens.reviewerC1, { ...basis, name: '重复', creditCode: creditCode('370100', 77), kind: 'institution', rank: 'unranked', fundingForm: 'full', bianbanId: 'C1', supervisorUnitId: null, functions: '', address: '', phone: '' });
    expect(again.status).toBe(409);
    expect((await w.call('POST', '/api/v1/reviewer/units', tokens.reviewerC2, { ...basis, name: '越权单位', creditCode: creditCode('370100', 78), kind: 'organ', rank: 'unranked', fundingForm: 'full', bianbanId: 'C1', supervisorUnitId: null, functions: '', address: '', phone: '' })).status).toBe(403);
  });

  it('refuses to abolish a unit with staff, in Chinese; merging moves staff and ledger and abolishes it', async () => {
    const refused = await w.call('POST', '/api/v1/reviewer/units/INST/abolish', tokens.reviewerC1, basis);
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/尚有在编人员 1 名，不能撤销/);

    const merged = await w.call('POST', '/api/v1/reviewer/units/INST/merge', tokens.reviewerC1, { ...basis, documentNo: '济编〔2024〕13号', intoUnitId: 'DEPT' });
    expect(merged.status).toBe(200);
    expect(merged.json).toMatchObject({ abolished: true, movedStaff: 1 });
    expect(merged.json.movedEntries).toBeGreaterThanOrEqual(2);
    const staff = await t.db.query<{ unit_id: string; data: { unitId: string } }>(`SELECT unit_id, data FROM staff WHERE id = 'S2'`);
    expect(staff.rows[0]).toMatchObject({ unit_id: 'DEPT', data: expect.objectContaining({ unitId: 'DEPT' }) });
    const sum = (await w.call('GET', '/api/v1/units/DEPT/summary', tokens.dept)).json;
    expect(sum.approved['institutional:full']).toBe(8);
    expect(sum.occupied['institutional:full']).toBe(1);
    const inst = await t.db.query<{ data: { abolished: boolean; history: { text: string }[] } }>(`SELECT data FROM units WHERE id = 'INST'`);
    expect(inst.rows[0]!.data.abolished).toBe(true);
    expect(inst.rows[0]!.data.history.at(-1)!.text).toContain('并入济南市卫生健康委员会');
    // An abolished unit takes no further ledger entries.
    expect((await record('INST', tokens.reviewerC1, { documentNo: '济编〔2024〕14号' })).status).toBe(409);
  });

  it('creates, renames and abolishes a division; refuses while staff are in it', async () => {
    const div = await w.call('POST', '/api/v1/reviewer/units/DEPT/divisions', tokens.reviewerC1, { ...basis, name: '规划发展科' });
    expect(div.status).toBe(200);
    const renamed = await w.call('POST', `/api/v1/reviewer/divisions/${div.json.id}/rename`, tokens.reviewerC1, { ...basis, name: '规划发展与信息化科' });
    expect(renamed.json.name).toBe('规划发展与信息化科');
    await t.db.query(`UPDATE staff SET data = jsonb_set(data, '{divisionId}', to_jsonb($1::text)) WHERE id = 'S1'`, [div.json.id]);
    const refused = await w.call('POST', `/api/v1/reviewer/divisions/${div.json.id}/abolish`, tokens.reviewerC1, basis);
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toContain('尚有在编人员 1 名');
    await t.db.query(`UPDATE staff SET data = jsonb_set(data, '{divisionId}', 'null'::jsonb) WHERE id = 'S1'`);
    const ok = await w.call('POST', `/api/v1/reviewer/divisions/${div.json.id}/abolish`, tokens.reviewerC1, basis);
    expect(ok.json.abolished).toBe(true);
  });
});
