/**
 * Excel serial dates: days since an epoch, with the day's time as the fraction. The 1900 system counts from
 * 1899-12-30 (it counts the non-existent 1900-02-29, so serials from 61 on are right); the 1904 system (old Mac
 * workbooks, `date1904` in workbook.xml) counts from 1904-01-01, 1462 days later.
 */
const DAY_MS = 86_400_000;
/** 1970-01-01 as a 1900-system serial. */
const UNIX_EPOCH_SERIAL = 25_569;
/** Days from the 1900 system's epoch to the 1904 system's. */
const DAYS_1904_AFTER_1900 = 1_462;

/** Serial → UTC instant (fractions are the time of day, rounded to the millisecond). */
export function excelSerialToDate(serial: number, date1904 = false): Date {
  const days = serial - UNIX_EPOCH_SERIAL + (date1904 ? DAYS_1904_AFTER_1900 : 0);
  return new Date(Math.round(days * DAY_MS));
}

/** Serial → calendar date YYYY-MM-DD (1900 system; the time of day is dropped). */
export function excelSerialToIso(serial: number): string {
  return excelSerialToDate(Math.floor(serial)).toISOString().slice(0, 10);
}

/** UTC instant → serial (the inverse of excelSerialToDate; used by tests and writers). */
export function dateToExcelSerial(date: Date, date1904 = false): number {
  return date.getTime() / DAY_MS + UNIX_EPOCH_SERIAL - (date1904 ? DAYS_1904_AFTER_1900 : 0);
}
