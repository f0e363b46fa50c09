import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main';
import { generateSlice } from '../../domain/demo/seed';
import { verifyAuditChain } from '../../server/audit/verify';
import { ImportRejected, importRecords } from '../../server/import/import-seed';
import { fingerprint } from './helpers/fingerprint';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';
import { worldRecords } from './helpers/world';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await main(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('ebz server import', () => {
  it('reports every bad row with its reason and applies nothing', async () => {
    const f = worldRecords();
    f.units[1]!.creditCode = '91370100MA3C00000X';
    f.staff![2]!.idNumber = '370102199003030330';
    f.staff!.push({ ...f.staff![0]!, id: 'S9' });
    const before = await fingerprint(t.db);
    const err = await importRecords(t.db, f, { today: '2026-01-01' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRejected);
    const rejects = (err as ImportRejected).rejects;
    expect(rejects.find((r) => r.section === 'units' && r.row === 2)?.reason).toContain('校验码');
    expect(rejects.find((r) => r.section === 'staff' && r.row === 3)?.reason).toContain('身份证号');
    expect(rejects.find((r) => r.section === 'staff' && r.row === 4)?.reason).toContain('一人一编');
    // INST was rejected, so its ledger entry and staff go too, each with the reason.
    expect(rejects.find((r) => r.section === 'ledger' && r.id === 'L2')?.reason).toContain('INST');
    expect(await fingerprint(t.db)).toEqual(before);
  });

  it('--skip-bad loads the good rows only', async () => {
    const f = worldRecords();
    f.staff![2]!.idNumber = '370102199003030330';
    const r = await importRecords(t.db, f, { today: '2026-01-01', skipBad: true });
    expect(r.counts.staff).toBe(2);
    expect(r.rejects).toHaveLength(1);
    expect((await t.db.query('SELECT id FROM staff')).rows).toHaveLength(2);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('loads the output of ebz seed through the CLI', async () => {
    const t2 = await createTestDatabase();
    try {
      const slice = generateSlice({ units: 80, staff: 1500, seed: 7, asOf: '2026-01-01' });
      const dir = mkdtempSync(join(tmpdir(), 'ebz-import-'));
      const file = join(dir, 'seed.json');
      writeFileSync(file, JSON.stringify(slice));
      // The seed plants people enrolled twice (an alarm case); the server refuses them (一人一编).
      const planted = slice.planted.filter((p) => p.kind === 'duplicateEnrollment').length / 2;
      const strict = await cli(['server', 'import', file, '--database-url', t2.url]);
      expect(strict.code).toBe(1);
      expect(strict.err.match(/一人一编/g)).toHaveLength(planted);
      // The message names the ID number masked (never in full) and both units.
      const [first, second] = slice.planted.filter((p) => p.kind === 'duplicateEnrollment');
      const person = slice.staff.find((s) => s.id === second!.subject)!;
      const unitName = (id: string) => slice.units.find((u) => u.id === id)!.name;
      const line = strict.err.split('\n').find((l) => l.includes('一人一编') && l.includes(first!.subject) && l.includes(second!.subject))!;
      expect(line).toContain(`${person.idNumber.slice(0, 6)}********${person.idNumber.slice(-4)}`);
      expect(line).not.toContain(person.idNumber);
      expect(line).toContain(`${unitName(first!.unitId)}（${first!.unitId}）`);
      expect(line).toContain(`${unitName(second!.unitId)}（${second!.unitId}）`);
      expect((await t2.db.query('SELECT 1 FROM units')).rows).toHaveLength(0);

      const r = await cli(['server', 'import', file, '--database-url', t2.url, '--skip-bad']);
      expect(r.code).toBe(0);
      expect(r.err).not.toContain('导入未执行');
      expect(r.out).toContain(`units ${slice.units.length}`);
      expect(r.out).toContain(`跳过 ${planted} 行`);
      const n = await t2.db.query<{ n: number }>('SELECT count(*)::int AS n FROM staff WHERE departed_on IS NULL');
      expect(n.rows[0]!.n).toBe(slice.staff.length - planted);
      // Importing the same file again is refused row by row (ids exist), nothing doubled.
      const again = await cli(['server', 'import', file, '--database-url', t2.url]);
      expect(again.code).toBe(1);
      expect(again.err).toContain('已存在');
    } finally {
      await t2.drop();
    }
  });
});

describe('imported form numbers', () => {
  it('are never issued again: the counter continues after the highest imported slip of that year', async () => {
    const own = await createTestDatabase();
    try {
      const slice = generateSlice({ units: 60, staff: 1500, seed: 9, asOf: '2026-11-23' });
      await importRecords(own.db, slice, { today: '2026-11-23', skipBad: true });
      const { nextFormSeq } = await import('../../server/forms/form-service');
      const { parseFormNumber, DEFAULT_FORM_NUMBER_PATTERNS } = await import('../../domain/form-number');
      const byBianban = new Map<string, number>();
      for (const s of slice.slips.filter((x) => x.issuedOn.startsWith('2026'))) {
        const b = slice.bianbans.find((x) => x.id === s.bianbanId)!;
        const seq = parseFormNumber(DEFAULT_FORM_NUMBER_PATTERNS.postUseSlip, b.shortName, s.number)!.seq;
        byBianban.set(b.id, Math.max(byBianban.get(b.id) ?? 0, seq));
      }
      expect(byBianban.size).toBeGreaterThan(0);
      for (const [bianbanId, max] of byBianban) expect(await nextFormSeq(own.db, bianbanId, 'postUseSlip', 2026)).toBe(max + 1);
    } finally {
      await own.drop();
    }
  });
});
