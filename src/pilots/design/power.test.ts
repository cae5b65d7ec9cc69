import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../shared/errors.js';
import { clustersNeeded, minimumDetectableEffect, type PowerDesign } from './power.js';

const design = (overrides: Partial<PowerDesign> = {}): PowerDesign => ({
  clusterSize: 20,
  icc: 0.05,
  treatedShare: 0.5,
  alpha: 0.05,
  power: 0.8,
  normal: false,
  ...overrides,
});

describe('minimum detectable effect', () => {
  it('matches the issue contract: J=60, m=20, ρ=0.05, P=0.5 → 0.2297 (t, 58 df) and 0.2259 (normal)', () => {
    const t = minimumDetectableEffect(60, design());
    expect(t.mde_sd.toFixed(4)).toBe('0.2297');
    expect(t.df).toBe(58);
    expect(minimumDetectableEffect(60, design({ normal: true })).mde_sd.toFixed(4)).toBe('0.2259');
  });

  it('equals the hand-computed normal formula (z = 1.959964 + 0.841621)', () => {
    // √(1/0.25) = 2; √((0.1 + 0.9/10)/40) = √0.00475
    const expected = (1.959964 + 0.841621) * 2 * Math.sqrt(0.00475);
    const got = minimumDetectableEffect(40, design({ clusterSize: 10, icc: 0.1, normal: true })).mde_sd;
    expect(got).toBeCloseTo(expected, 5);
  });

  it('with t on 1 df uses the t quantiles 12.7062 and 1.3764', () => {
    const got = minimumDetectableEffect(3, design({ clusterSize: 1, icc: 0 })).mde_sd;
    expect(got).toBeCloseTo((12.7062 + 1.37638) * 2 * Math.sqrt(1 / 3), 3);
  });

  it('reports the design effect 1 + (m − 1)ρ', () => {
    expect(minimumDetectableEffect(60, design()).design_effect).toBeCloseTo(1.95, 12);
  });

  it('refuses values out of range, naming the option in both languages', () => {
    const cases: [() => unknown, string][] = [
      [() => minimumDetectableEffect(2, design()), '--clusters'],
      [() => minimumDetectableEffect(10.5, design()), '--clusters'],
      [() => minimumDetectableEffect(60, design({ icc: 1.2 })), '--icc'],
      [() => minimumDetectableEffect(60, design({ treatedShare: 1 })), '--treated-share'],
      [() => minimumDetectableEffect(60, design({ clusterSize: 0.5 })), '--cluster-size'],
      [() => minimumDetectableEffect(60, design({ alpha: 0 })), '--alpha'],
      [() => minimumDetectableEffect(60, design({ power: 1 })), '--power'],
      [() => clustersNeeded(0, design()), '--mde'],
    ];
    for (const [run, option] of cases) {
      let caught: unknown;
      try {
        run();
      } catch (error) {
        caught = error;
      }
      expect(caught, option).toBeInstanceOf(UserError);
      expect((caught as UserError).message).toContain(option);
      expect((caught as UserError).messageId).toContain(option);
    }
    expect(minimumDetectableEffect(2, design({ normal: true })).df).toBeNull();
  });
});

describe('clusters needed', () => {
  it('inverts the contract: MDE 0.2297 needs 60 clusters with t, 0.2259 needs 60 with z', () => {
    expect(clustersNeeded(0.2298, design()).clusters).toBe(60);
    expect(clustersNeeded(0.2297, design()).clusters).toBe(61);
    expect(clustersNeeded(0.226, design({ normal: true })).clusters).toBe(60);
  });

  it('returns the smallest J whose MDE reaches the target, for any design', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: 1, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        fc.boolean(),
        (target, m, icc, p, normal) => {
          const d = design({ clusterSize: m, icc, treatedShare: p, normal });
          const found = clustersNeeded(target, d);
          expect(found.mde_sd).toBeLessThanOrEqual(target);
          expect(found.mde_sd).toBe(minimumDetectableEffect(found.clusters, d).mde_sd);
          if (found.clusters > (normal ? 2 : 3))
            expect(minimumDetectableEffect(found.clusters - 1, d).mde_sd).toBeGreaterThan(target);
        },
      ),
      { numRuns: 200 },
    );
  });
});
