/**
 * Calendar arithmetic on plain `YYYY-MM-DD` strings. Dates here are civil dates (a birthday, a document
 * date), not instants, so no time zones are involved: string comparison of zero-padded ISO dates is
 * chronological order. The one bridge from an instant to a civil date is `todayOf`.
 */

/** China Standard Time is UTC+8 all year (no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * The business date of an instant: its calendar date in China Standard Time. Every "today" the rules
 * compare with (slip validity, 不得晚于今天, the expiry job) is this date, on the server and the client alike,
 * whatever the machine's own time zone.
 */
export function todayOf(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export type DateProblem = 'format' | 'month' | 'day';

/** Parses `YYYY-MM-DD`; reports which part is wrong so messages can say "2月没有30日". */
export function parseIsoDate(v: string): CivilDate | DateProblem {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return 'format';
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) return 'month';
  if (day < 1 || day > daysInMonth(year, month)) return 'day';
  return { year, month, day };
}

export function formatIsoDate(d: CivilDate): string {
  return `${String(d.year).padStart(4, '0')}-${pad2(d.month)}-${pad2(d.day)}`;
}

export function formatYearMonth(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}`;
}

/** Month index counted from year 0, so that month arithmetic is plain integer arithmetic. */
export function monthIndex(year: number, month: number): number {
  return year * 12 + (month - 1);
}

export function fromMonthIndex(i: number): { year: number; month: number } {
  return { year: Math.floor(i / 12), month: (i % 12) + 1 };
}

/** Chinese explanation of why a `YYYY-MM-DD` string is not a real date. */
export function describeDateProblem(v: string, problem: DateProblem): string {
  if (problem === 'format') return `“${v}”不是有效的日期格式，应为 YYYY-MM-DD（如 2024-03-15）`;
  const [y, mo, d] = v.split('-').map(Number) as [number, number, number];
  if (problem === 'month') return `月份 ${mo} 不存在（应为 01–12）`;
  return `${y}年${mo}月没有${d}日（该月只有 ${daysInMonth(y, mo)} 天）`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
