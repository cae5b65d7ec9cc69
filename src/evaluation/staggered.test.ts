import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { panelFromTable } from './panel-table.js';
import { callawaySantAnna, type ControlGroup, type Estimate } from './staggered.js';
import { readTable, REFERENCE, STAGGERED_PANEL, tableOf } from './testdata/tables.js';

interface Ref {
  att: number;
  se: number;
}
interface StaggeredRef {
  simple: Ref;
  dynamic: (Ref & { e: number })[];
  dynamic_overall: Ref;
  group: (Ref & { group: number })[];
  group_overall: Ref;
  calendar: (Ref & { time: number })[];
  calendar_overall: Ref;
  cells: (Ref & { group: number; time: number })[];
}
const reference = (
  JSON.parse(readFileSync(REFERENCE, 'utf8')) as { staggered: Record<ControlGroup, StaggeredRef> }
).staggered;
const panel = panelFromTable(readTable(STAGGERED_PANEL), {
  unit: 'unit',
  time: 'year',
  group: 'first_treated',
  outcome: 'y',
});

/** Estimates and SEs agree with the numpy reference to 1e-9 (absolute; values are of order 0.1–2). */
const same = (actual: Estimate, expected: Ref) => {
  expect(Math.abs(actual.att - expected.att)).toBeLessThan(1e-9);
  expect(Math.abs(actual.se - expected.se)).toBeLessThan(1e-9);
};

describe("Callaway & Sant'Anna against the numpy reference (testdata/reference/make_reference.py)", () => {
  for (const control of ['never', 'notyet'] as const)
    it(`matches every ATT(g,t) and aggregation with ${control}-treated controls`, () => {
      const result = callawaySantAnna(panel, { control });
      const ref = reference[control];
      expect(result).toMatchObject({
        units: 200,
        dropped_units: 0,
        never_treated: 60,
        se_method: 'analytic',
      });
      expect(result.periods).toEqual([2001, 2002, 2003, 2004, 2005, 2006]);
      expect(result.cells.map((c) => [c.group, c.time])).toEqual(ref.cells.map((c) => [c.group, c.time]));
      result.cells.forEach((c, k) => same(c, ref.cells[k]!));
      same(result.simple, ref.simple);
      expect(result.dynamic.map((d) => d.e)).toEqual(ref.dynamic.map((d) => d.e));
      result.dynamic.forEach((d, k) => same(d, ref.dynamic[k]!));
      same(result.dynamic_overall, ref.dynamic_overall);
      result.group.forEach((g, k) => same(g, ref.group[k]!));
      same(result.group_overall, ref.group_overall);
      result.calendar.forEach((c, k) => same(c, ref.calendar[k]!));
      same(result.calendar_overall, ref.calendar_overall);
    });

  it('recovers the planted effects: 0.5 + 0.25·(t − g) + 0.1·(g − 2003), none before treatment', () => {
    const result = callawaySantAnna(panel, { control: 'never' });
    // No effect before treatment: every pre-period event time within ±3.3 SE (99.9%) of 0.
    const pre = result.dynamic.filter((d) => d.e < 0);
    expect(pre.map((d) => d.e)).toEqual([-4, -3, -2, -1]);
    for (const d of pre) expect(Math.abs(d.att)).toBeLessThan(3.3 * d.se);
    const e0 = result.dynamic.find((d) => d.e === 0)!;
    // Cohorts 2003/4/5/6 with 40/50/30/20 units: mean of 0.5 + 0.1·(g − 2003) = 0.5 + 0.1·(0·40+1·50+2·30+3·20)/140.
    expect(Math.abs(e0.att - (0.5 + (0.1 * 170) / 140))).toBeLessThan(3.3 * e0.se);
  });
});

describe('multiplier bootstrap', () => {
  it('is seeded, close to the analytic SEs, and gives a uniform critical value above the pointwise one', () => {
    const analytic = callawaySantAnna(panel, { control: 'never' });
    const options = {
      control: 'never' as const,
      bootstrap: { draws: 2000, weights: 'mammen' as const, seed: 9 },
    };
    const boot = callawaySantAnna(panel, options);
    expect(callawaySantAnna(panel, options).simple.se).toBe(boot.simple.se);
    expect(boot.se_method).toBe('multiplier-bootstrap');
    // 2000 draws: the IQR-based SE has a relative Monte Carlo error of about 3%; allow 10%.
    boot.cells.forEach((c, k) => expect(Math.abs(c.se / analytic.cells[k]!.se - 1)).toBeLessThan(0.1));
    expect(Math.abs(boot.simple.se / analytic.simple.se - 1)).toBeLessThan(0.1);
    // Uniform over 20 cells: above 1.96, at most Bonferroni's 3.48 (+ Monte Carlo slack).
    const critical = boot.bootstrap!.cells_critical;
    expect(critical).toBeGreaterThan(1.96);
    expect(critical).toBeLessThan(3.6);
    const c0 = boot.cells[0]!;
    expect(c0.band_high! - c0.att).toBeCloseTo(critical * c0.se, 12);
  });
});

describe('input checks', () => {
  const rows = (extra: (string | number | null)[][]) =>
    tableOf(
      ['id', 't', 'g', 'y'],
      [['a', 1, 0, 1], ['a', 2, 0, 2], ['b', 1, 2, 1], ['b', 2, 2, 4], ...extra],
    );
  const columns = { unit: 'id', time: 't', group: 'g', outcome: 'y' };
  it('names the unit and period missing from an unbalanced panel, and a changing group', () => {
    expect(() =>
      callawaySantAnna(panelFromTable(rows([['c', 1, 0, 3]]), columns), { control: 'never' }),
    ).toThrow('test.csv: unit "c" (row 6) has no outcome for period 2; the panel must be balanced');
    expect(() =>
      callawaySantAnna(panelFromTable(rows([['b', 3, 0, 3]]), columns), { control: 'never' }),
    ).toThrow('test.csv: row 6: unit "b" has first-treated period 0, but 2 in row 4');
    expect(() => panelFromTable(rows([['c', 'x', 0, 3]]), columns)).toThrow(
      'test.csv: row 6: column "t" is not a whole number ("x")',
    );
  });
  it('computes a 2×2 by hand: (4 − 1) − (2 − 1) = 2', () => {
    const result = callawaySantAnna(panelFromTable(rows([]), columns), { control: 'never' });
    expect(result.cells).toHaveLength(1);
    expect(result.simple.att).toBe(2);
  });
});
