/**
 * Layout limits an official relies on: a slip, an enrollment notice and a departure notice stay on one
 * A4 page even with a 40-character unit name; a 300-person registration sheet paginates with the
 * column header repeated on every page and every person listed once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerSummary } from '../../domain/ledger';
import { createPdfRenderer, createPrintService, demoPrintSet, type DemoPrintSet, type PdfRenderer, type PrintService } from '../../client/print/index';
import { AS_OF, missingValues, NOW, pdfPages, pdfText, VERIFY_BASE } from './helpers';

const LONG_UNIT = '某某省某某市某某县人民政府办公室所属某某县经济社会发展研究服务中心（政策研究院）';
const LONG_BIANBAN = '中共某某省某某市某某县委机构编制委员会办公室';
const SEAL = { bianbanName: LONG_BIANBAN, digest: 'ab'.repeat(32), verifyUrl: `${VERIFY_BASE}/verify/${encodeURIComponent('某机编用〔2026〕0001号')}?digest=${'ab'.repeat(32)}` };

let demo: DemoPrintSet;
let renderer: PdfRenderer;
let service: PrintService;

beforeAll(async () => {
  demo = await demoPrintSet({ asOf: AS_OF });
  renderer = createPdfRenderer();
  service = createPrintService({ source: demo.source, verifyBaseUrl: VERIFY_BASE, renderer, now: NOW });
});
afterAll(async () => {
  await service?.close();
  await renderer?.close();
});

describe('one-page forms with a 40-character unit name', () => {
  it('the name is 40 characters', () => {
    expect(Array.from(LONG_UNIT)).toHaveLength(40);
  });

  it('post-use slip with 20 filled slots', async () => {
    const slots = Array.from({ length: 20 }, (_, i) => ({ slotNo: i + 1, staffId: `s${i}`, staffName: `欧阳明${'一二三四五六七八九十'[i % 10]}`, usedOn: '2026-04-01' }));
    const html = service.renderHtml('postUseSlip', {
      content: {
        number: '某机编用〔2026〕0001号',
        issuedOn: '2026-03-05',
        bianbanName: LONG_BIANBAN,
        unit: { name: LONG_UNIT, creditCode: '12370900MB28465217' },
        supervisorName: '某某省某某市某某县人民政府办公室（某某县人民政府研究室）',
        postKey: 'institutional:full',
        fundingForm: 'full',
        recruitChannel: 'openRecruitment',
        count: 20,
        validUntil: '2026-09-05',
        atApproval: { approved: 120, occupied: 90, reserved: 2, vacant: 28 },
        opinion: '同意按规定程序公开招聘，招聘方案报人社部门备案。',
      },
      slots,
      status: 'usedUp',
      draft: false,
      seal: SEAL,
    });
    const pdf = await service.toPdf(html);
    expect(pdfPages(pdf)).toBe(1);
    expect(missingValues(pdfText(pdf), [LONG_UNIT, LONG_BIANBAN, ...slots.map((s) => s.staffName)])).toEqual([]);
  });

  it('enrollment notice', async () => {
    const html = service.renderHtml('enrollmentNotice', {
      content: {
        number: '某机编入〔2026〕0001号',
        issuedOn: '2026-04-02',
        bianbanName: LONG_BIANBAN,
        unit: { name: LONG_UNIT, creditCode: '12370900MB28465217' },
        person: { name: '欧阳明月', idNumber: '370102199001011234', sex: 'female', birthDate: '1990-01-01', education: 'master' },
        postKey: 'institutional:full',
        fundingForm: 'full',
        recruitChannel: 'openRecruitment',
        slipNumber: '某机编用〔2026〕0001号',
        slotNo: 3,
        enrolledOn: '2026-04-01',
      },
      draft: false,
      seal: SEAL,
    });
    const pdf = await service.toPdf(html);
    expect(pdfPages(pdf)).toBe(1);
    expect(missingValues(pdfText(pdf), [LONG_UNIT, '欧阳明月', '370102199001011234'])).toEqual([]);
  });

  it('departure notice', async () => {
    const html = service.renderHtml('departureNotice', {
      content: {
        number: '某机编出〔2026〕0001号',
        issuedOn: '2026-04-30',
        bianbanName: LONG_BIANBAN,
        unit: { name: LONG_UNIT, creditCode: '12370900MB28465217' },
        person: { name: '司马长风', idNumber: '370102196501011219', sex: 'male', birthDate: '1965-01-01', education: 'bachelor' },
        postKey: 'institutional:full',
        reason: 'retirement',
        departedOn: '2026-04-30',
      },
      draft: false,
      seal: SEAL,
    });
    const pdf = await service.toPdf(html);
    expect(pdfPages(pdf)).toBe(1);
    expect(missingValues(pdfText(pdf), [LONG_UNIT, '司马长风', '退休'])).toEqual([]);
  });
});

describe('registration sheet of 300 staff', () => {
  it('paginates, repeats the column header on every page, lists everyone once, in under 2 s warm', async () => {
    const unit = demo.slice.units.find((u) => u.id === demo.unitId)!;
    const staff = demo.slice.staff.slice(0, 300).map((s, i) => ({ ...s, unitId: unit.id, divisionId: null, name: `${s.name}${String(i + 1).padStart(3, '0')}` }));
    const data = {
      unit,
      supervisor: null,
      divisions: [],
      subordinates: [],
      summary: ledgerSummary({ entries: demo.slice.ledger.filter((e) => e.unitId === unit.id), staff, slips: [], today: AS_OF }),
      offEstablishment: 3,
      asOf: AS_OF,
      staff,
    };
    await service.toPdf(service.renderHtml('registrationSheet', data)); // warm-up with this layout
    const started = Date.now();
    const pdf = await service.toPdf(service.renderHtml('registrationSheet', data));
    const ms = Date.now() - started;
    const pages = pdfPages(pdf);
    expect(pages).toBeGreaterThan(5);
    // readable: at least ~20 rows a page, so no cramming; at most 16 pages for 300 rows
    expect(pages).toBeLessThanOrEqual(16);
    const header = '序号姓名性别出生年月民族学历政治面貌身份证号内设机构职务职级编制类型入编时间本人签字';
    let listed = 0;
    for (let p = 1; p <= pages; p++) {
      const text = pdfText(pdf, p);
      const rows = staff.filter((s) => text.includes(s.name)).length;
      listed += rows;
      // layout mode keeps the header row on one line
      if (rows > 0) expect(pdfText(pdf, p, { layout: true }), `第 ${p} 页缺少表头`).toContain(header);
      expect(text).toContain(`第${p}页共${pages}页`);
    }
    expect(listed).toBe(300);
    expect(ms).toBeLessThan(2000);
  });
});
