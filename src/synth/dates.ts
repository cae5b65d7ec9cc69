import type { Rng } from './random.js';

const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' → days since 1970-01-01 (UTC). */
export function toDayNumber(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

/** Days since 1970-01-01 → 'YYYY-MM-DD'. */
export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Completed years between a birth date and a reference date (both ISO). */
export function ageOn(birthDate: string, referenceDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ry, rm, rd] = referenceDate.split('-').map(Number) as [number, number, number];
  return ry - by - (rm < bm || (rm === bm && rd < bd) ? 1 : 0);
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
