import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approvedPosts, checkPostUse, ledgerSummary, reservedPosts, sumSummaries, total } from '../../domain/ledger';
import type { PostUseSlip } from '../../domain/forms';
import { LEADER_KINDS, POST_KEYS, type PostKey } from '../../domain/posts';

const postKey = fc.constantFrom(...POST_KEYS);
const deltas = fc.dictionary(postKey, fc.integer({ min: -20, max: 200 }));
const entry = fc.record({ postDeltas: deltas, leaderDeltas: fc.dictionary(fc.constantFrom(...LEADER_KINDS), fc.integer({ min: 0, max: 5 })) });
const person = fc.record({ postKey, leaderKind: fc.constant(null) });
const slip = (today: string) =>
  fc.record({
    postKey,
    status: fc.constantFrom('active', 'usedUp', 'expired', 'revoked') as fc.Arbitrary<PostUseSlip['status']>,
    validUntil: fc.constantFrom('2026-01-01', today, '2027-06-30'),
    slots: fc.array(fc.record({ slotNo: fc.nat(), staffId: fc.option(fc.constant('s'), { nil: null }), staffName: fc.constant(null), usedOn: fc.constant(null) }), { maxLength: 5 }),
  });

describe('ledger arithmetic', () => {
  const today = '2026-11-23';
  it('approved posts per type are the sum of the ledger deltas', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 20 }), (entries) => {
        const approved = approvedPosts(entries);
        for (const k of POST_KEYS) expect(approved[k]).toBe(entries.reduce((s, e) => s + (e.postDeltas[k] ?? 0), 0));
      }),
    );
  });

  it('vacancy = approved − occupied − reserved, and the parts add up to the approvals', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 10 }), fc.array(person, { maxLength: 60 }), fc.array(slip(today), { maxLength: 6 }), (entries, staff, slips) => {
        const s = ledgerSummary({ entries, staff, slips, today });
        for (const k of POST_KEYS) expect(s.vacant[k] + s.occupied[k] + s.reserved[k]).toBe(s.approved[k]);
        expect(total(s.occupied)).toBe(staff.length);
      }),
    );
  });

  it('only live slips reserve posts, and only their unused slots', () => {
    fc.assert(
      fc.property(fc.array(slip(today), { maxLength: 8 }), (slips) => {
        const expected = slips
          .filter((x) => x.status === 'active' && x.validUntil >= today)
          .reduce((n, x) => n + x.slots.filter((t) => t.staffId === null).length, 0);
        expect(total(reservedPosts(slips, today))).toBe(expected);
      }),
    );
  });

  it('a department total is the sum of its units, type by type', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(entry, { maxLength: 4 }), fc.array(person, { maxLength: 20 })), { maxLength: 8 }), (units) => {
        const parts = units.map(([entries, staff]) => ledgerSummary({ entries, staff, slips: [], today }));
        const sum = sumSummaries(parts);
        for (const k of POST_KEYS) {
          expect(sum.approved[k]).toBe(parts.reduce((t, p) => t + p.approved[k], 0));
          expect(sum.vacant[k]).toBe(parts.reduce((t, p) => t + p.vacant[k], 0));
        }
      }),
    );
  });

  it('the post-use pre-check never lets a request exceed the vacancy', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 6 }), fc.array(person, { maxLength: 40 }), postKey, fc.integer({ min: -2, max: 60 }), (entries, staff, key, count) => {
        const s = ledgerSummary({ entries, staff, slips: [], today });
        const err = checkPostUse(s, key, count);
        if (err === null) {
          expect(count).toBeGreaterThan(0);
          expect(count).toBeLessThanOrEqual(s.vacant[key]);
        } else expect(err).toMatch(/[\u4e00-\u9fa5]/);
      }),
    );
  });

  it('explains a refused post-use request with the figures', () => {
    const s = ledgerSummary({ entries: [{ postDeltas: { administrative: 10 }, leaderDeltas: {} }], staff: Array.from({ length: 8 }, () => ({ postKey: 'administrative' as PostKey, leaderKind: null })), slips: [], today });
    expect(checkPostUse(s, 'administrative', 3)).toBe('用编数量：本单位行政编制仅剩 2 个空编，申请 3 个超出空编数，请减少到 2 个以内');
    expect(checkPostUse(s, 'serviceWorker', 1)).toContain('没有核定工勤编制');
    expect(checkPostUse(s, 'administrative', 0)).toContain('大于 0 的整数');
    expect(checkPostUse(s, 'administrative', 2)).toBeNull();
  });
});
