import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../shared/errors.js';
import { parseShare, randomize, type ClusterUnit, type RandomizeOptions } from './randomize.js';

/** Units with unique ids spread over a few strata (sizes from 1 up). */
const anyUnits = fc
  .array(
    fc.tuple(fc.string({ minLength: 1, maxLength: 6 }), fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G')),
    {
      minLength: 1,
      maxLength: 120,
    },
  )
  .map((pairs) => {
    const seen = new Set<string>();
    return pairs
      .filter(([id]) => !seen.has(id) && seen.add(id))
      .map(([id, stratum]): ClusterUnit => ({ id, stratum }));
  });
const anyShare = fc.integer({ min: 0, max: 1000 }).map((n) => parseShare((n / 1000).toFixed(3)));
const options = (
  share: RandomizeOptions['share'],
  seed: string,
  waves: number | null = null,
): RandomizeOptions => ({
  share,
  seed,
  waves,
});

const strataOf = (units: readonly ClusterUnit[]) => {
  const groups = new Map<string, number[]>();
  units.forEach((u, i) => groups.set(u.stratum, [...(groups.get(u.stratum) ?? []), i]));
  return groups;
};

describe('stratified randomisation', () => {
  it('treats ⌊n·p⌋ or ⌈n·p⌉ units in every stratum, and overall the integer nearest N·p', () => {
    fc.assert(
      fc.property(anyUnits, anyShare, fc.nat(), (units, share, seed) => {
        const result = randomize(units, options(share, String(seed)));
        const p = share.numerator / share.denominator;
        for (const [stratum, members] of strataOf(units)) {
          const treated = members.filter((i) => result.assignments[i]!.arm === 'treatment').length;
          const exact = (members.length * share.numerator) / share.denominator;
          expect([Math.floor(exact), Math.ceil(exact)]).toContain(treated);
          expect(result.strata.find((s) => s.stratum === stratum)).toMatchObject({
            clusters: members.length,
            treated,
          });
        }
        const total = result.assignments.filter((a) => a.arm === 'treatment').length;
        expect(Math.abs(total - units.length * p)).toBeLessThanOrEqual(0.5 + 1e-9);
      }),
      { numRuns: 300 },
    );
  });

  it('is reproducible from the seed and independent of input order', () => {
    fc.assert(
      fc.property(anyUnits, anyShare, fc.nat(), fc.nat(), (units, share, seed, shift) => {
        const first = randomize(units, options(share, String(seed), 3));
        expect(randomize(units, options(share, String(seed), 3))).toEqual(first);
        const k = shift % units.length;
        const rotated = [...units.slice(k), ...units.slice(0, k)];
        const again = randomize(rotated, options(share, String(seed), 3));
        rotated.forEach((u, i) => expect(again.assignments[i]).toEqual(first.assignments[units.indexOf(u)]));
      }),
      { numRuns: 200 },
    );
  });

  it('gives a different assignment for a different seed', () => {
    const units = Array.from({ length: 60 }, (_, i): ClusterUnit => ({
      id: `v${i}`,
      stratum: i % 3 === 0 ? 'x' : 'y',
    }));
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (a, b) => {
        fc.pre(a !== b);
        const arms = (seed: number) =>
          randomize(units, options(parseShare('0.5'), String(seed))).assignments.map((x) => x.arm);
        expect(arms(a)).not.toEqual(arms(b));
      }),
      { numRuns: 100 },
    );
  });

  it('balances waves among treated units: sizes differ by at most one within each stratum and overall', () => {
    fc.assert(
      fc.property(
        anyUnits,
        anyShare,
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        (units, share, waves, seed) => {
          const result = randomize(units, options(share, String(seed), waves));
          const spread = (sizes: number[]) => Math.max(...sizes) - Math.min(...sizes);
          const overall = Array<number>(waves).fill(0);
          for (const [, members] of strataOf(units)) {
            const sizes = Array<number>(waves).fill(0);
            for (const i of members) {
              const { arm, wave } = result.assignments[i]!;
              if (arm === 'control') expect(wave).toBeNull();
              else {
                expect(wave).toBeGreaterThanOrEqual(1);
                expect(wave).toBeLessThanOrEqual(waves);
                sizes[wave! - 1]! += 1;
                overall[wave! - 1]! += 1;
              }
            }
            expect(spread(sizes)).toBeLessThanOrEqual(1);
          }
          expect(spread(overall)).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a stepped wedge (share 1, K waves) treats everyone and spreads all over the waves', () => {
    const units = Array.from({ length: 10 }, (_, i): ClusterUnit => ({ id: String(i), stratum: '' }));
    const result = randomize(units, options(parseShare('1'), 'wedge', 4));
    expect(result.assignments.every((a) => a.arm === 'treatment')).toBe(true);
    expect([...result.strata[0]!.waves].sort()).toEqual([2, 2, 3, 3]);
  });

  it('gives each unit of a split stratum the extra treated unit with the same chance over seeds', () => {
    // One stratum of 3 at p = 0.5: 1 or 2 treated, each with probability ½ (a tie decided by a coin).
    const units = ['a', 'b', 'c'].map((id): ClusterUnit => ({ id, stratum: '' }));
    let two = 0;
    const perUnit = [0, 0, 0];
    for (let seed = 0; seed < 2000; seed++) {
      const arms = randomize(units, options(parseShare('0.5'), String(seed))).assignments;
      if (arms.filter((a) => a.arm === 'treatment').length === 2) two++;
      arms.forEach((a, i) => (perUnit[i]! += a.arm === 'treatment' ? 1 : 0));
    }
    expect(two).toBeGreaterThan(900);
    expect(two).toBeLessThan(1100);
    for (const count of perUnit) expect(count / 2000).toBeCloseTo(0.5, 1);
  });

  it('reads shares exactly and refuses others', () => {
    expect(parseShare('0.5')).toMatchObject({ numerator: 5, denominator: 10 });
    expect(parseShare('.25')).toMatchObject({ numerator: 25, denominator: 100 });
    expect(parseShare('1')).toMatchObject({ numerator: 1, denominator: 1 });
    for (const bad of ['', '1.5', '-0.1', 'half', '0.1234567', '2'])
      expect(() => parseShare(bad), bad).toThrow(UserError);
  });
});
