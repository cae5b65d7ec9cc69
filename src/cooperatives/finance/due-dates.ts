/**
 * Monthly due dates. Installment k falls k calendar months after the start date, on the start's day of the
 * month or the month's last day when it is shorter: a loan from 31 January is due 28 (29 in a leap year)
 * February, 31 March, 30 April … — each date is computed from the start, so a short month never shifts later
 * ones. Dates are ISO calendar dates (YYYY-MM-DD) without a time zone.
 */
import { say, UserError } from '../../shared/errors.js';

export interface CalendarDate {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function parseCalendarDate(text: string, option = '--start'): CalendarDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const date = match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : null;
  if (
    !date ||
    date.month < 1 ||
    date.month > 12 ||
    date.day < 1 ||
    date.day > daysInMonth(date.year, date.month)
  )
    throw new UserError(
      say(
        `${option} must be a date written YYYY-MM-DD, e.g. 2026-01-31 (got "${text}")`,
        `${option} harus tanggal berformat YYYY-MM-DD, mis. 2026-01-31 (diberikan "${text}")`,
      ),
      'invalid_option',
    );
  return date;
}

/** `start` plus `months` calendar months, clamped to the end of a shorter month. */
export function addMonths(start: CalendarDate, months: number): CalendarDate {
  const index = start.year * 12 + (start.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(start.day, daysInMonth(year, month)) };
}

export function formatCalendarDate(date: CalendarDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}
