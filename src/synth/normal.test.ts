import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile } from './normal.js';
import { regionWelfareShift, welfareDecile } from './welfare.js';

describe('normal distribution helpers', () => {
  it('match tabulated values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.1)).toBeCloseTo(-1.281552, 5);
    expect(normalQuantile(0.0825)).toBeCloseTo(-1.38814, 3);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
  });

  it('places a region so its poverty rate falls below the national line', () => {
    expect(regionWelfareShift(0.0825)).toBeCloseTo(0, 9);
    // NTT, 17.5 % poor: shift = Φ⁻¹(0.0825) − Φ⁻¹(0.175) = −1.38814 − (−0.93459) = −0.45355.
    expect(regionWelfareShift(0.175)).toBeCloseTo(-0.45355, 3);
    // Its share in decile 1 is Φ(−1.28155 + 0.45355) = Φ(−0.828) ≈ 0.2038.
    expect(normalCdf(normalQuantile(0.1) - regionWelfareShift(0.175))).toBeCloseTo(0.2038, 3);
    expect(welfareDecile(-5)).toBe(1);
    expect(welfareDecile(0.01)).toBe(6);
    expect(welfareDecile(5)).toBe(10);
  });
});
