import { describe, expect, it } from 'vitest';
import { classOf, quantileBreaks } from './quantiles.js';

describe('quantile classes', () => {
  it('matches the type-7 quartiles computed by hand', () => {
    // 1..9: h = 8·k/4 → positions 2, 4, 6 → values 3, 5, 7 exactly.
    const q = quantileBreaks([9, 1, 8, 2, 7, 3, 6, 4, 5], 4);
    expect(q.breaks).toEqual([3, 5, 7]);
    expect([1, 3, 3.5, 5, 7, 9].map((v) => classOf(v, q))).toEqual([0, 0, 1, 1, 2, 3]);
  });
  it('interpolates between values: [10, 20, 40, 80] tertiles at 20 and 40', () => {
    // h = 3/3 = 1 → 20; h = 2 → 40.
    expect(quantileBreaks([80, 10, 40, 20], 3).breaks).toEqual([20, 40]);
    // h = 3·0.5 = 1.5 → 20 + 0.5·20 = 30.
    expect(quantileBreaks([80, 10, 40, 20], 2).breaks).toEqual([30]);
  });
  it('merges equal breaks from ties and ignores missing values', () => {
    const q = quantileBreaks([0, 0, 0, 0, 0, 0, 0, 12, Number.NaN], 5);
    expect(q.breaks).toEqual([0]);
    expect(q.max).toBe(12);
    expect(classOf(12, q)).toBe(1);
  });
  it('makes one class when every region has the same value', () => {
    const q = quantileBreaks([3000, 3000], 5);
    expect(q.breaks).toEqual([]);
    expect(classOf(3000, q)).toBe(0);
  });
});
