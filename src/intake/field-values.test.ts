import { describe, expect, it } from 'vitest';
import { parseDateCell } from './field-values.js';

const today = '2026-11-29';
const outcome = (cell: Parameters<typeof parseDateCell>[0]) => {
  const parsed = parseDateCell(cell, today);
  return 'value' in parsed ? parsed.value : parsed.error.code;
};

describe('parseDateCell', () => {
  it.each([
    ['1984-10-20', '1984-10-20'],
    [' 1984-10-20 ', '1984-10-20'],
    ['1984-1-2', '1984-01-02'],
    ['20-10-1984', '1984-10-20'],
    ['2/1/1984', '1984-01-02'],
    ['2000-02-29', '2000-02-29'],
    ['1900-01-01', '1900-01-01'],
    [today, today],
    ['1900-02-29', 'date_impossible'],
    ['2001-02-29', 'date_impossible'],
    ['2000-13-01', 'date_impossible'],
    ['2000-00-10', 'date_impossible'],
    ['2000-04-31', 'date_impossible'],
    ['1899-12-31', 'date_impossible'],
    ['2026-11-30', 'date_future'],
    // A zero-led year keeps its four digits and is refused as before 1900 (it once sorted as 999-01-01, "future").
    ['0999-01-01', 'date_impossible'],
    ['2000/01/01', 'date_format'],
    ['2000-01-01x', 'date_format'],
    ['20000101', 'date_format'],
    ['2000-1a-01', 'date_format'],
  ])('%s → %s', (text, expected) => {
    expect(outcome(text)).toBe(expected);
  });

  it('reads Excel serials and date cells', () => {
    expect(outcome(31_000)).toBe('1984-11-14');
    expect(outcome(new Date(Date.UTC(1984, 9, 20)))).toBe('1984-10-20');
    expect(outcome(0)).toBe('date_format');
  });
});
