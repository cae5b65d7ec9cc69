import { describe, expect, it } from 'vitest';
import { isCalendarDate, ymdFromEpochDays } from './civil-date.js';

describe('isCalendarDate', () => {
  it.each([
    ['2026-02-28', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2026-12-31', true],
    ['0999-01-01', true], // on the calendar; ranges are the caller's rule
    ['2026-02-29', false],
    ['1900-02-29', false],
    ['2026-02-30', false], // Date.parse rolls this to 2 March
    ['2026-04-31', false],
    ['2026-06-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['0000-01-01', false],
    ['2026-1-01', false],
    ['2026-01-01T00:00', false],
    [' 2026-01-01', false],
  ])('%s → %s', (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });

  it('accepts every day the day-count decoder produces over four centuries', () => {
    // Every real day from 1900 to about 2300, as the decoder writes it, is accepted (no false refusals).
    let count = 0;
    for (let day = -25567; day <= 120_529; day++) {
      const ymd = ymdFromEpochDays(day);
      const text = `${String(Math.floor(ymd / 10000)).padStart(4, '0')}-${String(Math.floor(ymd / 100) % 100).padStart(2, '0')}-${String(ymd % 100).padStart(2, '0')}`;
      if (isCalendarDate(text)) count++;
    }
    expect(count).toBe(120_529 + 25567 + 1);
  });
});
