/** The business date: a calendar date in China Standard Time, whatever the machine's time zone. */
import { describe, expect, it } from 'vitest';
import { todayOf } from '../../domain/validation/calendar';

describe('todayOf (business date, UTC+8)', () => {
  it('refuses an invalid instant instead of inventing a date', () => {
    expect(() => todayOf(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => todayOf(new Date('not a date'))).toThrow(RangeError);
  });

  const cases: [string, string, string][] = [
    ['UTC midnight is 08:00 in Beijing, same day', '2025-03-01T00:00:00Z', '2025-03-01'],
    ['15:59:59 UTC is 23:59:59 in Beijing, still the same day', '2025-03-01T15:59:59.999Z', '2025-03-01'],
    ['16:00 UTC is midnight in Beijing: the next day', '2025-03-01T16:00:00Z', '2025-03-02'],
    ['New Year in Beijing while it is still 31 Dec in UTC', '2024-12-31T16:30:00Z', '2025-01-01'],
    ['29 February in a leap year', '2024-02-28T20:00:00Z', '2024-02-29'],
    ['an instant written with its own +08:00 offset', '2025-07-01T00:00:00+08:00', '2025-07-01'],
    ['an instant written in another zone (UTC−5 evening is Beijing morning)', '2025-07-01T20:00:00-05:00', '2025-07-02'],
  ];
  it.each(cases)('%s', (_why, instant, date) => {
    expect(todayOf(new Date(instant))).toBe(date);
  });
});
