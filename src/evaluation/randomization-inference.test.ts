import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { randomizationInference } from './randomization-inference.js';
import { FEW_CLUSTERS, LALONDE_NSW, readTable, REFERENCE, tableOf } from './testdata/tables.js';

interface Reference {
  randomization_inference: { estimate: number; assignments: number; p: number };
  randomization_inference_strata: { assignments: number; p: number };
}
const reference = JSON.parse(readFileSync(REFERENCE, 'utf8')) as Reference;
const table = readTable(FEW_CLUSTERS);

describe('randomisation inference', () => {
  it('enumerates the 70 assignments of 4 of 8 villages and matches the numpy reference', () => {
    const result = randomizationInference(table, {
      formula: 'y ~ treat + x',
      treat: 'treat',
      cluster: 'village',
      draws: 999,
      seed: 1,
    });
    expect(result).toMatchObject({ enumerated: true, draws: 70, units: 8, strata: 1 });
    expect(result.estimate).toBeCloseTo(reference.randomization_inference.estimate, 10);
    expect(result.p).toBe(reference.randomization_inference.p);
  });

  it('within strata: the 36 assignments of 2 of 4 villages in each of two strata', () => {
    const result = randomizationInference(table, {
      formula: 'y ~ treat + x',
      treat: 'treat',
      cluster: 'village',
      strata: 'stratum',
      draws: 999,
      seed: 1,
    });
    expect(result).toMatchObject({ enumerated: true, draws: 36, strata: 2 });
    expect(result.p).toBe(reference.randomization_inference_strata.p);
  });

  it('by hand: y = 1, 2, 3, 10 with the last two treated; 2 of the 6 assignments reach |5|', () => {
    // Differences in means: {3,4} 6.5 − 1.5 = 5; {1,2} −5; {1,3} 2 − 6 = −4; {2,4} 4; {1,4} 5.5 − 2.5 = 3; {2,3} −3.
    const small = tableOf(
      ['y', 'd'],
      [
        [1, 0],
        [2, 0],
        [3, 1],
        [10, 1],
      ],
    );
    const result = randomizationInference(small, { formula: 'y ~ d', treat: 'd', draws: 99, seed: 1 });
    expect(result).toMatchObject({ draws: 6, enumerated: true });
    expect(result.estimate).toBeCloseTo(5, 12);
    expect(result.p).toBeCloseTo(2 / 6, 15);
  });

  it('draws random permutations from the seed when there are too many assignments (NSW, 445 people)', () => {
    const nsw = readTable(LALONDE_NSW);
    const options = { formula: 're78 ~ treat', treat: 'treat', draws: 199, seed: 4 };
    const result = randomizationInference(nsw, options);
    expect(result).toMatchObject({ enumerated: false, draws: 199, units: 445 });
    expect(result.estimate.toFixed(2)).toBe('1794.34');
    // The t-test p is 0.0048; with 199 draws hardly any permutation reaches 1794, p ≤ (1 + 5)/200.
    expect(result.p).toBeLessThanOrEqual(0.03);
    expect(randomizationInference(nsw, options).p).toBe(result.p);
  });

  it('refuses a treatment that varies within a unit of assignment', () => {
    const mixed = tableOf(
      ['y', 'd', 'v'],
      [
        [1, 0, 'a'],
        [2, 1, 'a'],
        [3, 1, 'b'],
      ],
    );
    expect(() =>
      randomizationInference(mixed, { formula: 'y ~ d', treat: 'd', cluster: 'v', draws: 99, seed: 1 }),
    ).toThrow('test.csv: row 3: "d" differs from row 2 within the unit of assignment "a"');
  });
});
