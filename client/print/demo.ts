/**
 * Demo printing (`ebz print … --demo`, the docs' sample images, tests): a deterministic slice from
 * generateSlice, the notices the server would have issued for it, and every issued form sealed with a
 * throwaway development key — so the demo prints exactly like the real thing, seal and QR included.
 */
import { generateSlice, type SeedFile } from '../../domain/demo/seed';
import { DEFAULT_FORM_NUMBER_PATTERNS, formatFormNumber } from '../../domain/form-number';
import type { Notice } from '../../domain/forms';
import type { FormKind, NoticeKind } from '../../domain/forms/printable-forms';
import { departureNoticeContent, enrollmentNoticeContent, postUseSlipContent, type SealedForm } from '../../domain/forms/sealed-content';
import type { Bianban } from '../../domain/model';
import { createDemoSealer, type Sealer } from './seal';
import { sliceSource, type PrintSource } from './source';

export interface DemoPrintSet {
  slice: SeedFile;
  source: PrintSource;
  sealer: Sealer;
  /** The unit the demo prints for: one with a slip, enrolled staff and departed staff. */
  unitId: string;
  numbers: Record<FormKind, string>;
  notices: Notice[];
}

export interface DemoOptions {
  asOf: string;
  seed?: number;
  units?: number;
  staff?: number;
}

export async function demoPrintSet(o: DemoOptions): Promise<DemoPrintSet> {
  const slice = generateSlice({ units: o.units ?? 60, staff: o.staff ?? 2000, seed: o.seed ?? 1, asOf: o.asOf });
  const bianbans = new Map(slice.bianbans.map((b) => [b.id, b]));
  const units = new Map(slice.units.map((u) => [u.id, u]));
  const seq = new Map<string, number>();
  const next = (b: Bianban, kind: NoticeKind, on: string) => {
    const year = Number(on.slice(0, 4));
    const key = `${b.id}|${kind}|${year}`;
    const n = (seq.get(key) ?? 0) + 1;
    seq.set(key, n);
    return formatFormNumber(DEFAULT_FORM_NUMBER_PATTERNS[kind], { issuer: b.shortName, year, seq: n });
  };

  const notices: Notice[] = [];
  const byDate = <T extends { id: string }>(rows: readonly T[], date: (r: T) => string) => [...rows].sort((a, b) => date(a).localeCompare(date(b)) || a.id.localeCompare(b.id));
  for (const s of byDate(slice.staff.filter((x) => x.slipNumber), (x) => x.enrolledOn)) {
    const b = bianbans.get(units.get(s.unitId)!.bianbanId)!;
    notices.push({ number: next(b, 'enrollmentNotice', s.enrolledOn), kind: 'enrollmentNotice', requestId: `demo-enrol-${s.id}`, unitId: s.unitId, staffId: s.id, issuedOn: s.enrolledOn, slipNumber: s.slipNumber, slotNo: s.slotNo });
  }
  for (const d of byDate(slice.departedStaff, (x) => x.departedOn)) {
    const b = bianbans.get(units.get(d.unitId)!.bianbanId)!;
    const number = next(b, 'departureNotice', d.departedOn);
    d.departureNoticeNumber = number;
    notices.push({ number, kind: 'departureNotice', requestId: `demo-depart-${d.id}`, unitId: d.unitId, staffId: d.id, issuedOn: d.departedOn, slipNumber: null, slotNo: null });
  }

  // The demo unit: has a slip with used slots and departed staff, so every form has content.
  const departedUnits = new Set(slice.departedStaff.map((d) => d.unitId));
  const slip =
    slice.slips.find((s) => departedUnits.has(s.unitId) && s.slots.some((t) => t.staffId) && s.status === 'active') ??
    slice.slips.find((s) => s.slots.some((t) => t.staffId)) ??
    slice.slips[0];
  if (!slip) throw new Error('演示数据中没有编制使用单，无法生成演示表单');
  const unitId = slip.unitId;
  const enrol = notices.find((n) => n.kind === 'enrollmentNotice' && n.slipNumber === slip.number) ?? notices.find((n) => n.kind === 'enrollmentNotice')!;
  const depart = notices.find((n) => n.kind === 'departureNotice' && n.unitId === unitId) ?? notices.find((n) => n.kind === 'departureNotice')!;

  const bianban = bianbans.get(units.get(unitId)!.bianbanId)!;
  const sealer = await createDemoSealer(bianban.name);
  const sealedForms = new Map<string, SealedForm>();
  const staffById = new Map(slice.staff.map((s) => [s.id, s]));
  const departedById = new Map(slice.departedStaff.map((s) => [s.id, s]));
  for (const s of slice.slips) {
    sealedForms.set(s.number, await sealer.seal(postUseSlipContent({ slip: s, unit: units.get(s.unitId)!, bianban: bianbans.get(s.bianbanId)! })));
  }
  for (const n of notices) {
    const u = units.get(n.unitId)!;
    const b = bianbans.get(u.bianbanId)!;
    if (n.kind === 'enrollmentNotice') {
      const staff = staffById.get(n.staffId)!;
      sealedForms.set(n.number, await sealer.seal(enrollmentNoticeContent({ notice: n, staff, unit: u, bianban: b })));
    } else {
      const staff = departedById.get(n.staffId)!;
      sealedForms.set(n.number, await sealer.seal(departureNoticeContent({ notice: n, staff, unit: u, bianban: b })));
    }
  }
  return {
    slice,
    source: sliceSource(slice, { notices, seals: (n) => sealedForms.get(n) ?? null }),
    sealer,
    unitId,
    numbers: { postUseSlip: slip.number, enrollmentNotice: enrol.number, departureNotice: depart.number },
    notices,
  };
}
