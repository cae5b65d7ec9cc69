import { describe, expect, it } from 'vitest';
import { UserError } from '../../shared/errors.js';
import { addMonths, parseCalendarDate } from './due-dates.js';
import { parseAnnualRatePercent } from './exact-rate.js';
import { divideRoundHalfUp } from './rounding.js';

describe('exact rates, rounding and dates', () => {
  it('reads a yearly percentage as an exact fraction', () => {
    expect(parseAnnualRatePercent('12')).toEqual({ numerator: 12n, denominator: 100n, percent: '12' });
    expect(parseAnnualRatePercent('12,5%')).toEqual({ numerator: 125n, denominator: 1000n, percent: '12.5' });
    expect(parseAnnualRatePercent('0.1')).toEqual({ numerator: 1n, denominator: 1000n, percent: '0.1' });
    for (const bad of ['', 'abc', '-1', '1e2', '100.01', '12.123456789'])
      expect(() => parseAnnualRatePercent(bad), bad).toThrow(UserError);
  });

  it('rounds half up to whole rupiah', () => {
    expect([5n, 14n, 15n, 16n, 25n].map((a) => divideRoundHalfUp(a, 10n))).toEqual([1n, 1n, 2n, 2n, 3n]);
    expect(divideRoundHalfUp(9_166_666n, 100n)).toBe(91_667n);
    expect(() => divideRoundHalfUp(-1n, 2n)).toThrow(RangeError);
  });

  it('adds months with end-of-month clamping and checks dates', () => {
    const jan31 = parseCalendarDate('2026-01-31');
    expect(addMonths(jan31, 1)).toEqual({ year: 2026, month: 2, day: 28 });
    expect(addMonths(jan31, 13)).toEqual({ year: 2027, month: 2, day: 28 });
    expect(addMonths(parseCalendarDate('2027-11-30'), 3)).toEqual({ year: 2028, month: 2, day: 29 });
    for (const bad of ['2026-02-29', '2026-13-01', '26-01-01', '2026-1-1'])
      expect(() => parseCalendarDate(bad), bad).toThrow('--start');
  });
});
