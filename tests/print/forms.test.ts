/**
 * Every form, rendered to PDF in Chromium from the demo slice: the values of its fields are in the
 * PDF's text, its page count is what an official expects, and page 1 looks like the committed
 * reference image. Expected values are read from the slice's records, not from the print code.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeAlarms } from '../../domain/alarms';
import { approvedPosts } from '../../domain/ledger';
import { departureNoticeContent, enrollmentNoticeContent, postUseSlipContent } from '../../domain/forms/sealed-content';
import { DEPARTURE_REASON_LABELS, EDUCATION_LABELS, RECRUIT_CHANNEL_LABELS, SEX_LABELS, UNIT_KIND_LABELS, UNIT_RANK_LABELS } from '../../domain/model';
import { FUNDING_LABELS, fundingOf, POST_KEY_LABELS } from '../../domain/posts';
import { maskIdNumber } from '../../domain/validation/id-number';
import { contentDigest, createPdfRenderer, createPrintService, demoPrintSet, PRINTABLE_FORMS, type DemoPrintSet, type PdfRenderer, type PrintService, type PrintTarget } from '../../client/print/index';
import { AS_OF, compareWithReference, diffFromReference, firstPagePng, missingValues, NOW, pageSizePt, pdfPages, pdfText, VERIFY_BASE } from './helpers';

const docsDir = join(dirname(fileURLToPath(import.meta.url)), '../../docs/forms');
const cn = (iso: string) => `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
const ym = (iso: string) => `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月`;

let demo: DemoPrintSet;
let renderer: PdfRenderer;
let service: PrintService;

beforeAll(async () => {
  demo = await demoPrintSet({ asOf: AS_OF });
  renderer = createPdfRenderer();
  service = createPrintService({ source: demo.source, verifyBaseUrl: VERIFY_BASE, trustedCertificates: () => [demo.sealer.certificatePem], renderer, now: NOW });
  await renderer.warm();
});
afterAll(async () => {
  await service?.close();
  await renderer?.close();
});

async function render(target: PrintTarget) {
  const r = await service.print(target, { printedBy: '测试' });
  const png = firstPagePng(r.pdf, 50);
  const cmp = compareWithReference(PRINTABLE_FORMS[target.form].cli, png);
  if (cmp.updated) {
    mkdirSync(docsDir, { recursive: true });
    writeFileSync(join(docsDir, `${PRINTABLE_FORMS[target.form].cli}.png`), firstPagePng(r.pdf, 80));
  }
  return { pdf: r.pdf, text: pdfText(r.pdf), cmp };
}

function unitOf(id: string) {
  return demo.slice.units.find((u) => u.id === id)!;
}
function bianbanOf(unitId: string) {
  const u = unitOf(unitId);
  return demo.slice.bianbans.find((b) => b.id === u.bianbanId)!;
}

describe('issued forms', () => {
  it('post-use slip: every field, one A4 page, matches the reference', async () => {
    const slip = demo.slice.slips.find((s) => s.number === demo.numbers.postUseSlip)!;
    const unit = unitOf(slip.unitId);
    const sup = unit.supervisorUnitId ? unitOf(unit.supervisorUnitId) : null;
    const digest = contentDigest(postUseSlipContent({ slip, unit, bianban: bianbanOf(unit.id) }));
    const { pdf, text, cmp } = await render({ form: 'postUseSlip', number: slip.number });
    const a = slip.atApproval;
    expect(
      missingValues(text, [
        '机关事业单位编制使用单',
        slip.number,
        unit.name,
        unit.creditCode,
        sup?.name ?? '—',
        POST_KEY_LABELS[slip.postKey],
        RECRUIT_CHANNEL_LABELS[slip.recruitChannel],
        cn(slip.issuedOn),
        cn(slip.validUntil),
        bianbanOf(unit.id).name,
        slip.opinion,
        ...slip.slots.filter((t) => t.staffName).map((t) => t.staffName!),
        digest,
      ]),
    ).toEqual([]);
    // the figures at approval, in their row (layout mode keeps a table row on one line)
    expect(pdfText(pdf, 1, { layout: true })).toContain(`${a.approved}${a.occupied}${a.reserved}${a.vacant}${slip.count}名`);
    expect(pdfPages(pdf)).toBe(1);
    const size = pageSizePt(pdf);
    expect(Math.round(size.w)).toBe(595);
    expect(Math.round(size.h)).toBe(842);
    expect(cmp.ratio).toBeLessThan(0.01);
    // the comparison does tell forms apart: the slip is far from the enrollment notice's reference
    expect(diffFromReference('enrollment-notice', firstPagePng(pdf, 50))).toBeGreaterThan(0.02);
  });

  it('enrollment notice: person, post, slip and slot, seal digest', async () => {
    const n = demo.notices.find((x) => x.number === demo.numbers.enrollmentNotice)!;
    const s = demo.slice.staff.find((x) => x.id === n.staffId)!;
    const unit = unitOf(n.unitId);
    const digest = contentDigest(enrollmentNoticeContent({ notice: n, staff: s, unit, bianban: bianbanOf(unit.id) }));
    const { pdf, text, cmp } = await render({ form: 'enrollmentNotice', number: n.number });
    expect(
      missingValues(text, [
        '机关事业单位入编通知单',
        n.number,
        s.name,
        SEX_LABELS[s.sex],
        ym(s.birthDate),
        s.idNumber,
        EDUCATION_LABELS[s.education],
        unit.name,
        unit.creditCode,
        POST_KEY_LABELS[s.postKey],
        FUNDING_LABELS[fundingOf(s.postKey) ?? unit.fundingForm],
        RECRUIT_CHANNEL_LABELS[s.entryChannel],
        s.slipNumber!,
        String(s.slotNo).padStart(2, '0'),
        cn(s.enrolledOn),
        cn(n.issuedOn),
        bianbanOf(unit.id).name,
        '财政部门',
        digest,
      ]),
    ).toEqual([]);
    expect(pdfPages(pdf)).toBe(1);
    expect(cmp.ratio).toBeLessThan(0.01);
  });

  it('departure notice: person, reason, date, post freed', async () => {
    const n = demo.notices.find((x) => x.number === demo.numbers.departureNotice)!;
    const d = demo.slice.departedStaff.find((x) => x.id === n.staffId)!;
    const unit = unitOf(n.unitId);
    const digest = contentDigest(departureNoticeContent({ notice: n, staff: d, unit, bianban: bianbanOf(unit.id) }));
    const { pdf, text, cmp } = await render({ form: 'departureNotice', number: n.number });
    expect(
      missingValues(text, [
        '出编（核销）通知单',
        n.number,
        d.name,
        SEX_LABELS[d.sex],
        d.idNumber,
        DEPARTURE_REASON_LABELS[d.reason],
        cn(d.departedOn),
        `核销${POST_KEY_LABELS[d.postKey]}1名`,
        unit.name,
        unit.creditCode,
        bianbanOf(unit.id).name,
        digest,
      ]),
    ).toEqual([]);
    expect(pdfPages(pdf)).toBe(1);
    expect(cmp.ratio).toBeLessThan(0.01);
  });
});

describe("the unit's own sheets", () => {
  it('registration sheet: facts, posts, every staff member with a masked ID number, signature lines', async () => {
    const unit = unitOf(demo.unitId);
    const staff = demo.slice.staff.filter((s) => s.unitId === unit.id);
    const divisions = demo.slice.divisions.filter((d) => d.unitId === unit.id);
    const approved = approvedPosts(demo.slice.ledger.filter((e) => e.unitId === unit.id));
    const { pdf, text, cmp } = await render({ form: 'registrationSheet', unitId: unit.id });
    expect(
      missingValues(text, [
        '机构编制实名制信息登记表',
        unit.name,
        unit.creditCode,
        UNIT_KIND_LABELS[unit.kind],
        UNIT_RANK_LABELS[unit.rank],
        FUNDING_LABELS[unit.fundingForm],
        unit.address,
        unit.phone,
        ...divisions.map((d) => d.name),
        ...staff.map((s) => s.name),
        ...staff.map((s) => maskIdNumber(s.idNumber)),
        '单位主要负责人（签字）',
        '本人签字',
      ]),
    ).toEqual([]);
    const rows = pdfText(pdf, undefined, { layout: true });
    const postRows = Object.entries(approved).filter(([, n]) => n > 0);
    expect(postRows.length).toBeGreaterThan(0);
    for (const [k, n] of postRows) expect(rows).toContain(`${POST_KEY_LABELS[k as keyof typeof POST_KEY_LABELS]}${n}`);
    // posted in public: no full ID number anywhere
    expect(staff.filter((s) => text.includes(s.idNumber))).toEqual([]);
    const size = pageSizePt(pdf);
    expect(size.w).toBeGreaterThan(size.h);
    expect(cmp.ratio).toBeLessThan(0.01);
  });

  it('publicity notice: period of 5 working days, where to object, summary', async () => {
    const unit = unitOf(demo.unitId);
    const staff = demo.slice.staff.filter((s) => s.unitId === unit.id);
    const { pdf, text, cmp } = await render({ form: 'publicityNotice', unitId: unit.id });
    // 2026-05-06 is a Wednesday: Wed, Thu, Fri, Mon, Tue
    expect(missingValues(text, [`${unit.name}机构编制实名制信息公示`, '公示时间：2026年5月6日至2026年5月12日（5个工作日）', unit.phone, bianbanOf(unit.id).name, '12310', `在编人员${staff.length}人`, '附件'])).toEqual([]);
    expect(pdfPages(pdf)).toBe(1);
    expect(cmp.ratio).toBeLessThan(0.01);
  });

  it('verification report: figures of the department and its subordinates, and every alarm found', async () => {
    // the supervising department with the most subordinates
    const sups = demo.slice.units.filter((u) => demo.slice.units.some((c) => c.supervisorUnitId === u.id));
    const dept = sups.sort((a, b) => demo.slice.units.filter((c) => c.supervisorUnitId === b.id).length - demo.slice.units.filter((c) => c.supervisorUnitId === a.id).length)[0]!;
    const units = [dept, ...demo.slice.units.filter((u) => u.supervisorUnitId === dept.id)];
    const ids = new Set(units.map((u) => u.id));
    const approved = approvedPosts(demo.slice.ledger.filter((e) => ids.has(e.unitId)));
    const alarms = computeAlarms({
      units,
      ledger: demo.slice.ledger.filter((e) => ids.has(e.unitId)),
      staff: demo.slice.staff.filter((s) => ids.has(s.unitId)),
      slips: demo.slice.slips.filter((s) => ids.has(s.unitId)),
      departureFiled: new Set(),
      today: AS_OF,
    });
    const off = demo.slice.offEstablishment.filter((o) => ids.has(o.unitId)).reduce((t, o) => t + o.count, 0);
    const { text, cmp } = await render({ form: 'verificationReport', unitId: dept.id });
    expect(
      missingValues(text, [
        `${dept.name}机构和人员编制核查情况报告`,
        `所属${units.length - 1}个单位`,
        `行政编制${approved.administrative + approved.politicoLegal}名`,
        `事业编制${approved['institutional:full'] + approved['institutional:partial'] + approved['institutional:self']}名`,
        `编外人员数合计${off}人`,
        ...alarms.map((a) => a.message),
        '核查信息真实、准确、完整',
        '特此报告',
      ]),
    ).toEqual([]);
    expect(cmp.ratio).toBeLessThan(0.01);
  });

  it('certificate extract: two copies of the facts, posts, staff counts and latest approvals', async () => {
    const unit = unitOf(demo.unitId);
    const staff = demo.slice.staff.filter((s) => s.unitId === unit.id);
    const latest = demo.slice.ledger.filter((e) => e.unitId === unit.id).sort((a, b) => b.date.localeCompare(a.date))[0]!;
    const { pdf, cmp } = await render({ form: 'certificateExtract', unitId: unit.id });
    expect(pdfPages(pdf)).toBe(2);
    for (const [page, label] of [[1, '第一联'], [2, '第二联']] as const) {
      expect(missingValues(pdfText(pdf, page), ['机构编制管理证（摘录）', label, unit.name, unit.creditCode, `在编${staff.length}人`, latest.documentNo, bianbanOf(unit.id).name])).toEqual([]);
    }
    expect(cmp.ratio).toBeLessThan(0.01);
  });
});
