import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber, formatPercent, formatRupiah } from './format.js';

describe('Indonesian formats', () => {
  it('writes money and numbers with dots for thousands and a comma for decimals', () => {
    expect(formatRupiah(1_250_000)).toBe('Rp 1.250.000');
    expect(formatRupiah(999.6)).toBe('Rp 1.000');
    expect(formatNumber(20_000, 'id')).toBe('20.000');
    expect(formatNumber(20_000, 'en')).toBe('20,000');
    expect(formatPercent(0.1234, 'id')).toBe('12,3%');
  });
  it('writes dates with the month name, whatever the time zone', () => {
    expect(formatDate('2026-12-05', 'id')).toBe('5 Desember 2026');
    expect(formatDate('2026-12-05T23:30:00Z', 'en')).toBe('5 December 2026');
    expect(formatDate('not a date', 'id')).toBe('not a date');
  });
});
