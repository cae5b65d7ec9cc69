import type { Rng } from '../shared/random.js';
import { ymdFromEpochDays } from '../shared/civil-date.js';

/** 'YYYY-MM-DD' → days since 1970-01-01 (UTC). */
export function toDayNumber(iso: string): number {
  // Hinnant's days_from_civil: exact for the proleptic Gregorian calendar, much faster than Date.parse.
  const y0 = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Days since 1970-01-01 → 'YYYY-MM-DD'. */
export function fromDayNumber(day: number): string {
  const ymd = ymdFromEpochDays(day);
  const y = Math.floor(ymd / 10000);
  const m = Math.floor(ymd / 100) % 100;
  const d = ymd % 100;
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Completed years between a birth date and a reference date (both ISO). */
export function ageOn(birthDate: string, referenceDate: string): number {
  // Hot path (called for every person several times): compare fixed-position fields without splitting.
  const years = Number(referenceDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return referenceDate.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** A birth date giving exactly `age` completed years on `referenceDate`, uniformly within that year of life. */
export function birthDateForAge(rng: Rng, age: number, referenceDate: string): string {
  const ref = toDayNumber(referenceDate);
  const [ry, rm, rd] = referenceDate.split('-').map(Number) as [number, number, number];
  const latest = toDayNumber(isoOf(ry - age, rm, rd)); // birthday today: just turned `age`
  const earliest = toDayNumber(isoOf(ry - age - 1, rm, rd)) + 1;
  const day = Math.min(ref, rng.int(earliest, latest));
  return fromDayNumber(day);
}

/** A uniform date between two ISO dates (inclusive). */
export function dateBetween(rng: Rng, from: string, to: string): string {
  return fromDayNumber(rng.int(toDayNumber(from), Math.max(toDayNumber(from), toDayNumber(to))));
}

function isoOf(year: number, month: number, day: number): string {
  // 29 February in a non-leap year becomes 28 February.
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const d = month === 2 && day === 29 && !leap ? 28 : day;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
