/**
 * Calendar date of a day count since 1970-01-01 as the number yyyymmdd, in the proleptic Gregorian calendar
 * (H. Hinnant's civil_from_days). Pure arithmetic without a Date object: hot paths decode millions of dates.
 */
export function ymdFromEpochDays(day: number): number {
  const z = day + 719468; // days since 0000-03-01
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return y * 10000 + m * 100 + d;
}

/** The time zone entas counts calendar days in when none is given: western Indonesia (WIB, UTC+7). */
export const CIVIL_TIME_ZONE = 'Asia/Jakarta';

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date (YYYY-MM-DD) an instant falls on in a time zone, by default Asia/Jakarta: "today" for
 * an office in Indonesia is not the UTC date (07:00 WIB is still yesterday in UTC).
 */
export function civilDateOf(instant: Date, timeZone: string = CIVIL_TIME_ZONE): string {
  let format = formatters.get(timeZone);
  if (!format) {
    // en-CA formats dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format.format(instant);
}

/** Today's calendar date in Asia/Jakarta (or the given zone). */
export function civilToday(timeZone: string = CIVIL_TIME_ZONE): string {
  return civilDateOf(new Date(), timeZone);
}

/**
 * Whether text is a real calendar date written YYYY-MM-DD. Stricter than Date.parse, which accepts
 * 2026-02-30 (and reads it as 2 March).
 */
export function isCivilDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m !== null && isValidDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether year, month (1–12) and day name a day of the Gregorian calendar. */
export function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * A calendar date in a file name (YYYY-MM-DD, YYYY_MM_DD or YYYYMMDD, years 2000–2099), if it holds one that
 * exists; undefined otherwise.
 */
export function civilDateInName(fileName: string): string | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  for (const m of base.matchAll(/(?<!\d)(20\d{2})[-_]?(\d{2})[-_]?(\d{2})(?!\d)/g)) {
    const date = `${m[1]}-${m[2]}-${m[3]}`;
    if (isCivilDate(date)) return date;
  }
  return undefined;
}
