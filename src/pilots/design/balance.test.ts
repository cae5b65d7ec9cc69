import { describe, expect, it } from 'vitest';
import { balanceTable } from './balance.js';
import type { Arm } from './randomize.js';

describe('balance table', () => {
  const arms: Arm[] = ['treatment', 'control', 'treatment', 'control', 'treatment', 'control'];

  it('computes the standardised mean difference with the pooled SD √((s²t + s²c)/2), by hand', () => {
    const [poor, size] = balanceTable(arms, [
      // treatment 1, 2, 3: mean 2, s² 1; control 2, 4 (and one missing): mean 3, s² 2
      { name: 'poor_share', values: [1, 2, 2, 4, 3, null] },
      // treatment 10, 12, 14: mean 12, s² 4; control 11, 13.2, 12.1: mean 12.1, s² 1.21
      { name: 'household_size', values: [10, 11, 12, 13.2, 14, 12.1] },
    ]);
    expect(poor).toMatchObject({
      covariate: 'poor_share',
      n_treatment: 3,
      n_control: 2,
      mean_treatment: 2,
      mean_control: 3,
    });
    expect(poor!.pooled_sd).toBeCloseTo(Math.sqrt(1.5), 12);
    expect(poor!.smd).toBeCloseTo(-0.816497, 6);
    expect(poor!.warning).toBe(true);
    expect(size!.mean_control).toBeCloseTo(12.1, 12);
    expect(size!.pooled_sd).toBeCloseTo(Math.sqrt((4 + 1.21) / 2), 12); // 1.613991
    expect(size!.smd).toBeCloseTo(-0.1 / 1.613991, 6); // −0.0620
    expect(size!.warning).toBe(false);
  });

  it('flags what it cannot compute: constant covariates that differ, arms with fewer than two values', () => {
    const [constant, equal, sparse] = balanceTable(arms, [
      { name: 'constant_but_different', values: [1, 0, 1, 0, 1, 0] },
      { name: 'all_equal', values: [5, 5, 5, 5, 5, 5] },
      { name: 'sparse', values: [1, 2, null, null, null, 3] },
    ]);
    expect(constant).toMatchObject({ smd: null, warning: true, pooled_sd: 0 });
    expect(equal).toMatchObject({ smd: 0, warning: false });
    expect(sparse).toMatchObject({ n_treatment: 1, sd_treatment: null, smd: null, warning: true });
  });
});
