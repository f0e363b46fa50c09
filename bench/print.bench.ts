/**
 * PDF time per form with a warm renderer (one Chromium kept open, as the print centre does): median
 * and p95 over repeated prints of each demo form, the 300-staff registration sheet, a 30-notice batch,
 * and the cold start. Goals (issue 6): < 150 ms for a one-page form, < 2 s for the 300-staff sheet.
 * Issue 18: `ebz print` of one form from a cold CLI (a new process, as a user types it), beside its limit
 * measured in the same run — a new Node process starting Chromium cold and printing an empty A4 page to
 * PDF (bench/empty-pdf-child.mjs); median of 3 runs each, process start to exit.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ledgerSummary } from '../domain/ledger';
import { createPrintService, demoPrintSet, PRINTABLE_FORMS, type PrintTarget } from '../client/print/index';
import { percentile, round, withLimit, type Figure } from './stats';

const exec = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');

/** Milliseconds from spawning `node args…` to its exit, median of `n` runs. */
async function coldRun(args: string[], n: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await exec(process.execPath, args, { cwd: ROOT, maxBuffer: 1 << 20 });
    samples.push(performance.now() - t);
  }
  return percentile(samples, 50);
}

async function coldCli(): Promise<Figure> {
  const dir = mkdtempSync(join(tmpdir(), 'ebz-bench-print-'));
  try {
    const limit = await coldRun([join(ROOT, 'bench/empty-pdf-child.mjs'), join(dir, 'empty.pdf')], 3);
    const cli = await coldRun([join(ROOT, 'cli/ebz.mjs'), 'print', 'post-use-slip', '--demo', '--today', AS_OF, '--out', join(dir, 'slip.pdf')], 3);
    return withLimit(
      { name: '`ebz print post-use-slip --demo` from a cold CLI (process start to exit, median of 3)', value: cli, unit: 'ms', goal: 'ratio ≤ 1.3' },
      { name: 'a new Node process starting Chromium cold and printing an empty A4 page to PDF (median of 3)', value: limit },
      { maxRatio: 1.3 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const AS_OF = '2026-05-06';

export async function run(): Promise<Figure[]> {
  const cold = await coldCli();
  const demo = await demoPrintSet({ asOf: AS_OF });
  const service = createPrintService({ source: demo.source, verifyBaseUrl: 'https://ebz.example', trustedCertificates: () => [demo.sealer.certificatePem], now: () => new Date(`${AS_OF}T10:00:00`) });
  const figures: Figure[] = [cold];
  try {
    let t = performance.now();
    await service.warm();
    figures.push({ name: 'renderer cold start (launch Chromium, load shell)', value: round(performance.now() - t, 0), unit: 'ms' });

    const dept = demo.slice.units.find((u) => demo.slice.units.some((c) => c.supervisorUnitId === u.id))!;
    const targets: PrintTarget[] = [
      { form: 'postUseSlip', number: demo.numbers.postUseSlip },
      { form: 'enrollmentNotice', number: demo.numbers.enrollmentNotice },
      { form: 'departureNotice', number: demo.numbers.departureNotice },
      { form: 'publicityNotice', unitId: demo.unitId },
      { form: 'certificateExtract', unitId: demo.unitId },
      { form: 'verificationReport', unitId: dept.id },
      { form: 'registrationSheet', unitId: demo.unitId },
    ];
    for (const target of targets) {
      await service.print(target, { printedBy: 'bench' }); // first render of this layout loads its font chunks
      const samples: number[] = [];
      for (let i = 0; i < 15; i++) {
        t = performance.now();
        await service.print(target, { printedBy: 'bench' });
        samples.push(performance.now() - t);
      }
      const onePage = target.form === 'postUseSlip' || target.form === 'enrollmentNotice' || target.form === 'departureNotice' || target.form === 'publicityNotice';
      figures.push({ name: `${PRINTABLE_FORMS[target.form].cli} PDF, warm (median)`, value: round(percentile(samples, 50), 1), unit: 'ms', ...(onePage ? { goal: '< 150 ms' } : {}) });
      figures.push({ name: `${PRINTABLE_FORMS[target.form].cli} PDF, warm (p95)`, value: round(percentile(samples, 95), 1), unit: 'ms' });
    }

    // 300 staff in one unit
    const unit = demo.slice.units.find((u) => u.id === demo.unitId)!;
    const staff = demo.slice.staff.slice(0, 300).map((s) => ({ ...s, unitId: unit.id, divisionId: null }));
    const data = { unit, supervisor: null, divisions: [], subordinates: [], summary: ledgerSummary({ entries: [], staff, slips: [], today: AS_OF }), offEstablishment: 0, asOf: AS_OF, staff };
    await service.toPdf(service.renderHtml('registrationSheet', data));
    const big: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      await service.toPdf(service.renderHtml('registrationSheet', data));
      big.push(performance.now() - t);
    }
    figures.push({ name: 'registration-sheet 300 staff PDF, warm (median)', value: round(percentile(big, 50), 0), unit: 'ms', goal: '< 2000 ms' });

    const numbers = demo.notices.filter((n) => n.kind === 'enrollmentNotice').slice(0, 30).map((n) => n.number);
    t = performance.now();
    await service.printBatch(numbers.map((number) => ({ form: 'enrollmentNotice' as const, number })), { printedBy: 'bench' });
    figures.push({ name: 'batch of 30 enrollment notices → one PDF', value: round(performance.now() - t, 0), unit: 'ms' });
  } finally {
    await service.close();
  }
  return figures;
}
