import { describe, expect, it } from 'vitest';
import { comparePeriods, formatPeriod } from './periods.js';

describe('indicator periods', () => {
  it('sort by the month they start in, not as text', () => {
    const periods = ['2026-10', '2026Q1', '2025', '2026-02', '2026Q4', '2026', '2025-12', '2026-01'];
    // As strings: 2025, 2025-12, 2026, 2026-01, 2026-02, 2026-10, 2026Q1, 2026Q4 (quarters after October).
    expect([...periods].sort(comparePeriods)).toEqual([
      '2025',
      '2025-12',
      '2026',
      '2026Q1',
      '2026-01',
      '2026-02',
      '2026Q4',
      '2026-10',
    ]);
  });
  it('puts a text that is no period last', () => {
    expect(['x', '2026Q2', '2026-05'].sort(comparePeriods)).toEqual(['2026Q2', '2026-05', 'x']);
  });
  it('names months and quarters in the language', () => {
    expect(formatPeriod('2026-05', 'id')).toBe('Mei 2026');
    expect(formatPeriod('2026-05', 'en')).toBe('May 2026');
    expect(formatPeriod('2026Q2', 'id')).toBe('Triwulan II 2026');
    expect(formatPeriod('2026Q2', 'en')).toBe('Q2 2026');
    expect(formatPeriod('2026', 'id')).toBe('2026');
  });
});
