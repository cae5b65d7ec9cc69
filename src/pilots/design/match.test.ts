import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchComparisons, standardise, type MatchUnit } from './match.js';

const unit = (id: string, treated: boolean, covariates: (number | null)[], stratum = 'S'): MatchUnit => ({
  id,
  stratum,
  treated,
  covariates,
});

describe('nearest-neighbour matching of comparison clusters (hand-checked)', () => {
  it('fixes the closest pair first, not the first treated cluster’s nearest', () => {
    // x = 0, 2 (treated), 1.5, −3: mean 0.125, sample SD √(15.1875/3) = 2.25.
    // t1's nearest is c1 (1.5), but t2–c1 (0.5) is closer still: greedy by distance gives t2–c1, then t1–c2.
    const result = matchComparisons([
      unit('t1', true, [0]),
      unit('t2', true, [2]),
      unit('c1', false, [1.5]),
      unit('c2', false, [-3]),
    ]);
    expect(result.standardisation[0]!.sd).toBeCloseTo(2.25, 12);
    expect(result.pairs.map((p) => [p.treated, p.control])).toEqual([
      ['t1', 'c2'],
      ['t2', 'c1'],
    ]);
    expect(result.pairs[0]!.distance).toBeCloseTo(3 / 2.25, 12);
    expect(result.pairs[1]!.distance).toBeCloseTo(0.5 / 2.25, 12);
    expect(result.unmatched).toEqual([]);
  });

  it('standardises, so a count does not outweigh a share', () => {
    // Share of deciles 1–2 and recipients. Raw distance picks c1 (√(0.8² + 1²) = 1.28 < 1.5), standardised c2:
    // share SD √(0.64/3) (so Δ² = 0.64·3/0.64 = 3 for c1, 0 for c2); recipients SD √(7/12)
    // (Δ² = 12/7 for c1, 2.25·12/7 = 27/7 for c2): d(c1) = √(33/7) = 2.1712, d(c2) = √(27/7) = 1.9640.
    const result = matchComparisons([
      unit('t', true, [0.9, 50]),
      unit('c1', false, [0.1, 51]),
      unit('c2', false, [0.9, 51.5]),
    ]);
    expect(result.standardisation.map((s) => s.sd)).toEqual([
      expect.closeTo(Math.sqrt(0.64 / 3), 12),
      expect.closeTo(Math.sqrt(7 / 12), 12),
    ]);
    expect(result.pairs.map((p) => [p.treated, p.control, p.stratum])).toEqual([['t', 'c2', 'S']]);
    expect(result.pairs[0]!.distance).toBeCloseTo(Math.sqrt(27 / 7), 12);
    // Multiplying a covariate by a constant (counts in hundreds instead of ones) changes nothing.
    const rescaled = matchComparisons([
      unit('t', true, [0.9, 5000]),
      unit('c1', false, [0.1, 5100]),
      unit('c2', false, [0.9, 5150]),
    ]);
    expect(rescaled.pairs[0]!.control).toBe('c2');
    expect(rescaled.pairs[0]!.distance).toBeCloseTo(Math.sqrt(27 / 7), 10);
  });

  it('matches within strata only, without replacement; a stratum short of comparisons leaves one unmatched', () => {
    const result = matchComparisons([
      unit('a-t', true, [0], 'A'),
      unit('a-c', false, [5], 'A'),
      unit('b-t1', true, [1], 'B'),
      unit('b-t2', true, [2], 'B'),
      unit('b-c', false, [1.1], 'B'),
      unit('c-c', false, [0], 'C'),
    ]);
    expect(result.pairs.map((p) => [p.treated, p.control, p.stratum])).toEqual([
      ['a-t', 'a-c', 'A'],
      ['b-t1', 'b-c', 'B'],
    ]);
    expect(result.unmatched).toEqual(['b-t2']);
  });

  it('ignores a covariate without spread, counts a missing value as the mean, breaks ties by id', () => {
    expect(standardise([unit('a', true, [3, 1]), unit('b', false, [3, null])], 2)).toEqual([
      { mean: 3, sd: 0, used: false },
      { mean: 1, sd: null, used: false },
    ]);
    // Covariate 1 is constant, covariate 2 has a gap: c1 sits at the mean (0), c2 and c3 equally far.
    const result = matchComparisons([
      unit('t', true, [7, 0]),
      unit('c3', false, [7, 1]),
      unit('c2', false, [7, -1]),
      unit('c1', false, [7, null]),
    ]);
    expect(result.pairs.map((p) => p.control)).toEqual(['c1']);
    const tie = matchComparisons([unit('t', true, [0]), unit('c3', false, [1]), unit('c2', false, [-1])]);
    expect(tie.pairs.map((p) => p.control)).toEqual(['c2']);
  });

  it('for any input: one comparison per treated cluster at most, min(treated, pool) pairs per stratum, order-free', () => {
    const anyUnits = fc
      .array(
        fc.record({
          stratum: fc.constantFrom('A', 'B', 'C'),
          treated: fc.boolean(),
          covariates: fc.tuple(
            fc.option(fc.double({ min: -100, max: 100, noNaN: true }), { nil: null }),
            fc.integer({ min: 0, max: 5 }),
          ),
        }),
        { minLength: 1, maxLength: 40 },
      )
      .map((rows) => rows.map((r, i): MatchUnit => ({ ...r, id: `k${String(i).padStart(3, '0')}` })));
    fc.assert(
      fc.property(anyUnits, fc.integer(), (units, shift) => {
        const result = matchComparisons(units);
        const byId = new Map(units.map((u) => [u.id, u]));
        const controls = result.pairs.map((p) => p.control);
        const treated = result.pairs.map((p) => p.treated);
        expect(new Set(controls).size).toBe(controls.length);
        expect(new Set(treated).size).toBe(treated.length);
        for (const p of result.pairs) {
          expect(byId.get(p.treated)).toMatchObject({ treated: true, stratum: p.stratum });
          expect(byId.get(p.control)).toMatchObject({ treated: false, stratum: p.stratum });
        }
        for (const s of ['A', 'B', 'C']) {
          const t = units.filter((u) => u.stratum === s && u.treated).length;
          const c = units.filter((u) => u.stratum === s && !u.treated).length;
          expect(result.pairs.filter((p) => p.stratum === s)).toHaveLength(Math.min(t, c));
        }
        expect(result.unmatched.length + result.pairs.length).toBe(units.filter((u) => u.treated).length);
        const k = Math.abs(shift) % units.length;
        expect(matchComparisons([...units.slice(k), ...units.slice(0, k)]).pairs).toEqual(result.pairs);
      }),
    );
  });
});
