import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/random.js';
import { allocateHouseholds } from './allocation.js';
import {
  DELIVERY_MODELS,
  pkhComponents,
  pkhPayment,
  receiptProbability,
  type ProgramRule,
} from './targeting.js';

const PKH: ProgramRule = {
  code: 'PKH',
  unit: 'household',
  eligibleDeciles: [1, 2, 3, 4],
  monthlyBenefit: 250_000,
};

describe('receiptProbability', () => {
  it('falls from full coverage at the poorest eligible decile to half at the richest, then leaks', () => {
    const model = DELIVERY_MODELS.PKH!;
    expect(receiptProbability(PKH, model, 1)).toBeCloseTo(0.62, 10);
    // Decile 3 is two thirds of the way: 0.62 × (1 − 0.5 × 2/3) = 0.41333…
    expect(receiptProbability(PKH, model, 3)).toBeCloseTo(0.413333, 5);
    expect(receiptProbability(PKH, model, 4)).toBeCloseTo(0.31, 10);
    expect(receiptProbability(PKH, model, 5)).toBeCloseTo(0.05, 10);
    expect(receiptProbability(PKH, model, 7)).toBeCloseTo(0.0125, 10);
    expect(receiptProbability({ ...PKH, eligibleDeciles: [] }, model, 1)).toBe(0);
    // Eligibility is configuration: widen it and decile 5 is covered.
    expect(receiptProbability({ ...PKH, eligibleDeciles: [1, 2, 3, 4, 5] }, model, 5)).toBeCloseTo(0.31, 10);
  });
});

describe('PKH components', () => {
  it('counts at most four people and pays the quarterly share of the yearly amounts', () => {
    const components = pkhComponents([
      { age: 45, disability: false },
      { age: 8, disability: false },
      { age: 10, disability: false },
      { age: 72, disability: false },
      { age: 3, disability: false },
      { age: 14, disability: false },
    ]);
    expect(components).toEqual({ anak_sd: 2, lansia: 1, anak_usia_dini: 1 });
    // (2 × 900,000 + 2,400,000 + 3,000,000) × 3 / 12 = 1,800,000
    expect(pkhPayment(components, 3)).toBe(1_800_000);
    expect(pkhComponents([{ age: 30, disability: false }])).toEqual({});
    expect(pkhComponents([{ age: 30, disability: true }])).toEqual({ disabilitas_berat: 1 });
  });
});

describe('allocateHouseholds', () => {
  it('spreads exactly the requested number over villages, towns larger, deterministically', () => {
    const villages = Array.from({ length: 500 }, (_, i) => ({
      code: `53.01.01.${i < 100 ? 1000 + i : 2000 + i}`,
      name: `V${i}`,
      kind: i < 100 ? ('kelurahan' as const) : ('desa' as const),
    }));
    const counts = allocateHouseholds(createRng('a'), villages, 10_001);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10_001);
    expect(allocateHouseholds(createRng('a'), villages, 10_001)).toEqual(counts);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(counts.slice(0, 100))).toBeGreaterThan(1.8 * mean(counts.slice(100)));
    expect(allocateHouseholds(createRng('a'), villages, 3).reduce((a, b) => a + b, 0)).toBe(3);
  });
});
