/**
 * Statutory retirement age under the gradual reform (全国人大常委会《关于实施渐进式延迟法定退休年龄的
 * 决定》, 2024-09-13, in force 2025-01-01). The delay is counted in whole months of birth cohort:
 *   - men 60 → 63 and women cadres 55 → 58: +1 month for every 4 months of birth, from births in
 *     1965-01 (men) / 1970-01 (women 55), capped at +36 months;
 *   - women workers 50 → 55: +1 month for every 2 months of birth, from births in 1975-01, capped at +60.
 * Earlier cohorts keep the old age. Everything here works on months, so the birth day never matters:
 * a person retires in the month they reach the age, and is past retirement after that month ends.
 */
import type { RetirementCategory, Sex } from './model';
import type { PostKey } from './posts';
import { formatYearMonth, fromMonthIndex, monthIndex } from './validation/calendar';

export type { RetirementCategory };

export const RETIREMENT_CATEGORIES = ['male', 'female-50', 'female-55'] as const satisfies readonly RetirementCategory[];

export const RETIREMENT_CATEGORY_LABELS: Record<RetirementCategory, string> = {
  male: '男职工（原 60 周岁）',
  'female-50': '女职工（原 50 周岁）',
  'female-55': '女干部（原 55 周岁）',
};

interface Schedule {
  baseYears: number;
  /** First birth month affected, as [year, month]. */
  firstCohort: [number, number];
  /** Birth months per extra month of retirement age. */
  monthsPerStep: number;
  maxDelayMonths: number;
}

const SCHEDULES: Record<RetirementCategory, Schedule> = {
  male: { baseYears: 60, firstCohort: [1965, 1], monthsPerStep: 4, maxDelayMonths: 36 },
  'female-55': { baseYears: 55, firstCohort: [1970, 1], monthsPerStep: 4, maxDelayMonths: 36 },
  'female-50': { baseYears: 50, firstCohort: [1975, 1], monthsPerStep: 2, maxDelayMonths: 60 },
};

export interface Retirement {
  /** YYYY-MM: the month the person reaches retirement age. */
  month: string;
  /** Retirement age in months (e.g. 721 = 60岁1个月). */
  ageMonths: number;
  /** e.g. '60岁1个月' or '63岁' */
  label: string;
}

export function isRetirementCategory(v: unknown): v is RetirementCategory {
  return typeof v === 'string' && (RETIREMENT_CATEGORIES as readonly string[]).includes(v);
}

/** Parses YYYY-MM or YYYY-MM-DD into a month index; throws a Chinese message on bad input. */
function birthMonthIndex(birth: string): number {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(birth.trim());
  if (!m) throw new Error(`出生年月：“${birth}”格式不正确，应为 YYYY-MM 或 YYYY-MM-DD（如 1965-01）`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) throw new Error(`出生年月：月份 ${m[2]} 不存在（应为 01–12），请核对`);
  if (year < 1900) throw new Error(`出生年月：${birth} 早于 1900 年，请核对`);
  return monthIndex(year, month);
}

export function retirementAgeLabel(ageMonths: number): string {
  const years = Math.floor(ageMonths / 12);
  const months = ageMonths % 12;
  return months === 0 ? `${years}岁` : `${years}岁${months}个月`;
}

/** Delay in months over the old retirement age for a birth month (0 for cohorts before the reform). */
export function retirementDelayMonths(birth: string, category: RetirementCategory): number {
  const s = SCHEDULES[category];
  const since = birthMonthIndex(birth) - monthIndex(s.firstCohort[0], s.firstCohort[1]);
  if (since < 0) return 0;
  return Math.min(s.maxDelayMonths, Math.floor(since / s.monthsPerStep) + 1);
}

export function retirementFor(birth: string, category: RetirementCategory): Retirement {
  if (!isRetirementCategory(category)) {
    throw new Error(`退休类别：“${String(category)}”无效，应为 male（男）、female-50（女职工）或 female-55（女干部）`);
  }
  const ageMonths = SCHEDULES[category].baseYears * 12 + retirementDelayMonths(birth, category);
  const { year, month } = fromMonthIndex(birthMonthIndex(birth) + ageMonths);
  return { month: formatYearMonth(year, month), ageMonths, label: retirementAgeLabel(ageMonths) };
}

/** True once `today` (YYYY-MM-DD) is after the last day of the retirement month. */
export function isPastRetirement(birthDate: string, category: RetirementCategory, today: string): boolean {
  const { month } = retirementFor(birthDate, category);
  return today.slice(0, 7) > month;
}

/**
 * Which schedule applies. Women on 工勤编制 posts are workers (original age 50); other women hold
 * cadre posts (55). Men have one schedule.
 */
export function retirementCategoryFor(sex: Sex, postKey: PostKey): RetirementCategory {
  if (sex === 'male') return 'male';
  return postKey === 'serviceWorker' ? 'female-50' : 'female-55';
}
