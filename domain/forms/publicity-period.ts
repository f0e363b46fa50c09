/**
 * 公示期: a publicity notice stays posted for at least 5 working days (7 in some places). Working days
 * are Monday–Friday; statutory holidays and the weekend days worked in their place (调休) change every
 * year, so the caller passes them from the bianban's calendar setting.
 */
import { parseIsoDate } from '../validation/calendar';

export const MIN_PUBLICITY_WORKING_DAYS = 5;

export interface WorkCalendar {
  /** Weekdays that are days off (法定节假日). */
  holidays?: readonly string[];
  /** Weekend days that are working days (调休上班). */
  workdays?: readonly string[];
}

function dayOfWeek(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
}

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function isWorkingDay(iso: string, cal: WorkCalendar = {}): boolean {
  if (cal.workdays?.includes(iso)) return true;
  if (cal.holidays?.includes(iso)) return false;
  const d = dayOfWeek(iso);
  return d !== 0 && d !== 6;
}

export interface PublicityPeriod {
  start: string;
  end: string;
  workingDays: number;
}

/**
 * The period that starts on the first working day on or after `start` and lasts `workingDays` working
 * days. Throws a Chinese message for a bad date or fewer than the statutory minimum.
 */
export function publicityPeriod(start: string, workingDays: number, cal: WorkCalendar = {}): PublicityPeriod {
  if (typeof parseIsoDate(start) === 'string') throw new Error(`公示开始日期“${start}”无效，应为 YYYY-MM-DD`);
  if (!Number.isInteger(workingDays) || workingDays < MIN_PUBLICITY_WORKING_DAYS) {
    throw new Error(`公示期至少 ${MIN_PUBLICITY_WORKING_DAYS} 个工作日，填写的是 ${workingDays}；请改为 ${MIN_PUBLICITY_WORKING_DAYS} 或以上`);
  }
  let day = start;
  while (!isWorkingDay(day, cal)) day = nextDay(day);
  const first = day;
  let counted = 1;
  while (counted < workingDays) {
    day = nextDay(day);
    if (isWorkingDay(day, cal)) counted++;
  }
  return { start: first, end: day, workingDays };
}
