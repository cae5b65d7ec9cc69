import { describe, expect, it } from 'vitest';
import { createRng, normalCdf, normalQuantile } from './random.js';
import { regionWelfareShift, welfareDecile } from './welfare.js';

describe('createRng', () => {
  it('repeats a sequence for the same seed and forks without advancing the parent', () => {
    const a = createRng(42);
    const b = createRng('42');
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    const c = createRng(42);
    const child = c.fork('x');
    expect(c.next()).toBe(seqA[0]);
    expect(child.next()).not.toBe(seqA[0]);
    expect(createRng(42).fork('x').next()).toBe(createRng(42).fork('x').next());
  });

  it('draws integers in range and normals with mean 0 and sd 1', () => {
    const rng = createRng('dist');
    const counts = [0, 0, 0, 0, 0, 0];
    let sum = 0;
    let squares = 0;
    const n = 60_000;
    for (let i = 0; i < n; i++) {
      counts[rng.int(1, 6) - 1]!++;
      const z = rng.normal();
      sum += z;
      squares += z * z;
    }
    for (const c of counts) expect(Math.abs(c / n - 1 / 6)).toBeLessThan(0.01);
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(Math.abs(squares / n - 1)).toBeLessThan(0.03);
    let poisson = 0;
    for (let i = 0; i < 20_000; i++) poisson += rng.poisson(3.5);
    expect(Math.abs(poisson / 20_000 - 3.5)).toBeLessThan(0.06);
  });

  it('rejects empty picks and zero weights', () => {
    const rng = createRng(1);
    expect(() => rng.pick([])).toThrow(/empty/);
    expect(() => rng.weighted([['a', 0]])).toThrow(/positive/);
    expect(
      rng.weighted([
        ['a', 0],
        ['b', 1],
      ]),
    ).toBe('b');
  });
});

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
