import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilDateInName, civilDateOf, isCivilDate, ymdFromEpochDays } from './civil-date.js';

describe('civil dates', () => {
  it('counts days in Asia/Jakarta: 18:30 UTC is already the next day in WIB', () => {
    const instant = new Date('2026-01-31T18:30:00Z');
    expect(civilDateOf(instant)).toBe('2026-02-01');
    expect(civilDateOf(instant, 'UTC')).toBe('2026-01-31');
    expect(civilDateOf(new Date('2026-01-31T16:59:59Z'))).toBe('2026-01-31');
    expect(civilDateOf(new Date('2026-01-31T17:00:00Z'))).toBe('2026-02-01');
  });

  it('accepts only dates that exist (Date.parse takes 2026-02-30)', () => {
    expect(isCivilDate('2026-01-31')).toBe(true);
    expect(isCivilDate('2024-02-29')).toBe(true);
    expect(isCivilDate('2000-02-29')).toBe(true);
    expect(isCivilDate('1900-02-29')).toBe(false);
    expect(isCivilDate('2026-02-29')).toBe(false);
    expect(isCivilDate('2026-02-30')).toBe(false);
    expect(isCivilDate('2026-04-31')).toBe(false);
    expect(isCivilDate('2026-13-01')).toBe(false);
    expect(isCivilDate('2026-00-10')).toBe(false);
    expect(isCivilDate('2026-1-31')).toBe(false);
    expect(isCivilDate('31-01-2026')).toBe(false);
  });

  it('day count → date → text → check → Date round trip agrees with the Date object (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (day) => {
        const ymd = ymdFromEpochDays(day);
        const text = `${String(Math.floor(ymd / 10000)).padStart(4, '0')}-${String(Math.floor(ymd / 100) % 100).padStart(2, '0')}-${String(ymd % 100).padStart(2, '0')}`;
        expect(text).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
        expect(isCivilDate(text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds a date in a file name, or none', () => {
    expect(civilDateInName('DTSEN_5301_2026-01-31.csv')).toBe('2026-01-31');
    expect(civilDateInName('dtsen20260131.xlsx')).toBe('2026-01-31');
    expect(civilDateInName('/data/2025_10_31/dtsen_2026_01_31.csv')).toBe('2026-01-31');
    expect(civilDateInName('dtsen.csv')).toBeUndefined();
    expect(civilDateInName('dtsen-20261331.csv')).toBeUndefined();
    expect(civilDateInName('kk-5301012001000001.csv')).toBeUndefined();
  });

  it('decodes day counts like Date does', () => {
    for (const day of [-1, 0, 59, 365, 11016, 20484, 47482]) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      expect(String(ymdFromEpochDays(day))).toBe(iso.replaceAll('-', ''));
    }
  });
});
