/** The pure parts of printing (domain/forms): QR link format, publicity period, report figures. */
import { describe, expect, it } from 'vitest';
import { computeAlarms } from '../../domain/alarms';
import { generateSlice } from '../../domain/demo/seed';
import { publicityPeriod } from '../../domain/forms/publicity-period';
import { verificationFigures } from '../../domain/forms/verification-figures';
import { parseVerificationUrl, verificationUrl } from '../../domain/forms/verification-link';

const digest = '0123456789abcdef'.repeat(4);

describe('verification link (QR payload)', () => {
  it('encodes the number and reads back exactly, with a trailing slash on the base or not', () => {
    const number = '泰机编用〔2026〕0012号';
    const url = verificationUrl('https://ebz.example/', number, digest);
    expect(url).toBe(`https://ebz.example/verify/${encodeURIComponent(number)}?digest=${digest}`);
    expect(parseVerificationUrl(url)).toEqual({ base: 'https://ebz.example', number, digest });
  });

  it('refuses what is not a verification address', () => {
    expect(parseVerificationUrl('https://ebz.example/verify/x?digest=abc')).toBeNull();
    expect(parseVerificationUrl('泰机编用〔2026〕0012号')).toBeNull();
    expect(() => verificationUrl('https://ebz.example', 'x', 'ABC')).toThrow(/64 位/);
  });
});

describe('publicity period', () => {
  it('counts working days, skipping weekends and given holidays, and honours 调休 workdays', () => {
    expect(publicityPeriod('2026-05-06', 5)).toEqual({ start: '2026-05-06', end: '2026-05-12', workingDays: 5 });
    // starting on a Saturday begins on Monday
    expect(publicityPeriod('2026-05-09', 5)).toEqual({ start: '2026-05-11', end: '2026-05-15', workingDays: 5 });
    expect(publicityPeriod('2026-09-30', 5, { holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'], workdays: ['2026-10-10'] })).toEqual({
      start: '2026-09-30',
      end: '2026-10-12',
      workingDays: 5,
    });
    expect(publicityPeriod('2026-05-06', 7).end).toBe('2026-05-14');
  });

  it('will not publish for fewer than 5 working days, and says so', () => {
    expect(() => publicityPeriod('2026-05-06', 4)).toThrow(/至少 5 个工作日/);
    expect(() => publicityPeriod('2026-02-30', 5)).toThrow(/无效/);
  });
});

describe('verification report figures', () => {
  it('add up over the units and count the planted over-establishment and leader cases', () => {
    const s = generateSlice({ units: 60, staff: 2000, seed: 7, asOf: '2026-05-06' });
    const alarms = computeAlarms({ units: s.units, ledger: s.ledger, staff: s.staff, slips: s.slips, departureFiled: new Set(), today: '2026-05-06' });
    const f = verificationFigures({ units: s.units, ledger: s.ledger, staff: s.staff, slips: s.slips, offEstablishment: s.offEstablishment, alarms, today: '2026-05-06' });
    const live = s.units.filter((u) => !u.abolished);
    const a = f.approvedInstitutions;
    expect(a.organs + a.institutions + a.agencies + a.developmentZones).toBe(live.length);
    expect(a.institutionsFull + a.institutionsPartial + a.institutionsSelf).toBe(a.institutions);
    expect(f.occupiedPosts.administrative + f.occupiedPosts.institutional + f.occupiedPosts.serviceWorker + f.occupiedPosts.organOther).toBe(s.staff.length);
    expect(f.offEstablishment).toBe(s.offEstablishment.reduce((t, o) => t + o.count, 0));
    const planted = new Set(s.planted.map((p) => p.kind));
    if (planted.has('overEstablishment')) expect(f.problems.overEstablishment).toBeGreaterThan(0);
    if (planted.has('overLeaderQuota')) expect(f.problems.overUnitLeaders + f.problems.overDivisionLeaders).toBeGreaterThan(0);
    expect(f.problems.other.every((x) => x.kind !== 'overEstablishment' && x.kind !== 'overLeaderQuota')).toBe(true);
    // what the records cannot know stays unknown rather than 0
    expect(f.nonLeaderQuota.total).toBeNull();
    expect(f.problems.ghostPayroll).toBeNull();
  });
});
