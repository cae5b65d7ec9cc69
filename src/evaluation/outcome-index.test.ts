import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { outcomeIndex } from './outcome-index.js';
import { FEW_CLUSTERS, readTable, REFERENCE } from './testdata/tables.js';

interface Reference {
  index: {
    klk_first5: number[];
    anderson_weights: number[];
    anderson_first5: number[];
    anderson_treated_mean: number;
    klk_treated_mean: number;
  };
}
const reference = (JSON.parse(readFileSync(REFERENCE, 'utf8')) as Reference).index;
const table = readTable(FEW_CLUSTERS);
const numbers = (name: string) => table.columns.get(name)!.map((v) => (v === null ? null : Number(v)));
const control = numbers('treat').map((v) => v === 0);
const outcomes = ['z1', 'z2', 'z3'].map((name) => ({ name, values: numbers(name) }));

describe('outcome indices z-scored on the control group (numpy reference, 1e-12)', () => {
  it('Kling–Liebman–Katz: mean of z-scores', () => {
    const result = outcomeIndex(outcomes, control, 'klk');
    result.index.slice(0, 5).forEach((v, i) => expect(v).toBeCloseTo(reference.klk_first5[i]!, 12));
    expect(result.treated_mean).toBeCloseTo(reference.klk_treated_mean, 12);
    expect(result.control_mean).toBeCloseTo(0, 12);
    expect(result.outcomes.map((o) => o.weight)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('Anderson: inverse-covariance weights, re-standardised on the control group', () => {
    const result = outcomeIndex(outcomes, control, 'anderson');
    result.outcomes.forEach((o, k) => expect(o.weight).toBeCloseTo(reference.anderson_weights[k]!, 12));
    result.index.slice(0, 5).forEach((v, i) => expect(v).toBeCloseTo(reference.anderson_first5[i]!, 12));
    expect(result.treated_mean).toBeCloseTo(reference.anderson_treated_mean, 12);
    // z2 repeats z1 (z2 = 0.5·z1 + noise) and z3 is negatively related: both weigh differently from 1/3.
    expect(result.outcomes[1]!.weight).not.toBeCloseTo(1 / 3, 2);
  });

  it('by hand: control z-scores of (0, 2) are ∓1/√2; a row with one outcome uses it alone; none gives null', () => {
    const result = outcomeIndex(
      [
        { name: 'a', values: [0, 2, 4, null] },
        { name: 'b', values: [10, 20, null, null] },
      ],
      [true, true, false, false],
      'klk',
    );
    // a: control mean 1, sd √2; b: mean 15, sd √50. Row 3: a only, (4 − 1)/√2.
    expect(result.index[0]).toBeCloseTo(-Math.SQRT1_2, 15);
    expect(result.index[2]).toBeCloseTo(3 / Math.SQRT2, 15);
    expect(result.index[3]).toBeNull();
    expect(result.missing).toBe(1);
  });

  it('refuses an outcome that does not vary among controls', () => {
    expect(() =>
      outcomeIndex(
        [
          { name: 'a', values: [1, 1, 2] },
          { name: 'b', values: [1, 2, 3] },
        ],
        [true, true, false],
        'klk',
      ),
    ).toThrow('outcome "a" does not vary in the control group');
  });
});
