import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { computeAlarms } from '../../domain/alarms';
import type { SeedFile } from '../../domain/demo/seed';

const run = promisify(execFile);
const ebz = join(import.meta.dirname, '../../cli/ebz.mjs');

describe('ebz seed', () => {
  it('writes 200 units and 50,000 staff whose planted alarms are all found', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'ebz-seed-')), 'slice.json');
    const { stdout } = await run('node', [ebz, 'seed', '--units', '200', '--staff', '50000', '--seed', '11', '--as-of', '2026-11-23', '--out', out]);
    expect(stdout).toContain('单位 200 个');
    const slice = JSON.parse(await readFile(out, 'utf8')) as SeedFile;
    expect(slice.staff).toHaveLength(50_000);
    const alarms = computeAlarms({ units: slice.units, ledger: slice.ledger, staff: slice.staff, slips: slice.slips, departureFiled: new Set(), today: slice.asOf });
    const found = new Set(alarms.map((a) => `${a.kind}|${a.unitId}|${a.subject}`));
    expect(slice.planted.length).toBeGreaterThanOrEqual(14);
    for (const p of slice.planted) expect(found.has(`${p.kind}|${p.unitId}|${p.subject}`), `${p.kind} ${p.subject}`).toBe(true);
  }, 60_000);

  it('explains a missing --out', async () => {
    await expect(run('node', [ebz, 'seed', '--units', '3'])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('缺少 --out') });
  });
});
