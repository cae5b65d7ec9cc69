import { describe, expect, it } from 'vitest';
import { UserError } from '../shared/errors.js';
import { regress } from './regress.js';
import { CARD_KRUEGER, LALONDE_NSW, readTable, tableOf } from './testdata/tables.js';
import type { OlsResult, SeType } from './ols.js';

const coefficient = (result: OlsResult, term: string) => {
  const c = result.coefficients.find((x) => x.term === term);
  if (!c) throw new Error(`no term ${term} in ${result.coefficients.map((x) => x.term).join(', ')}`);
  return c;
};

describe('published results (src/evaluation/testdata/README.md)', () => {
  const cardKrueger = readTable(CARD_KRUEGER);

  it('Card & Krueger (1994): difference-in-differences 2.7536 with classical SE 1.6884', () => {
    const result = regress(cardKrueger, 'fte ~ nj + d + nj:d');
    expect(result).toMatchObject({ n: 794, dropped: 26, clusters: null, se_type: 'classical', df: 790 });
    const did = coefficient(result, 'nj:d');
    expect(did.estimate.toFixed(4)).toBe('2.7536');
    expect(did.se.toFixed(4)).toBe('1.6884');
    // Table 3 cell means: PA before 23.33, NJ before 20.44, PA after 21.17, NJ after 21.03.
    const [b0, nj, d] = ['(Intercept)', 'nj', 'd'].map((t) => coefficient(result, t).estimate) as [
      number,
      number,
      number,
    ];
    expect([b0, b0 + nj, b0 + d, b0 + nj + d + did.estimate].map((v) => v.toFixed(2))).toEqual([
      '23.33',
      '20.44',
      '21.17',
      '21.03',
    ]);
  });

  it('Card & Krueger Table 4 column (i): change in FTE on NJ, 357 stores, 2.33 (1.19)', () => {
    // The balanced sample: stores with FTE in both waves and a wave-1 wage, and a wave-2 wage unless the store
    // closed (status 3: closed permanently, FTE 0). One row per store: the change in FTE.
    const col = (name: string) => cardKrueger.columns.get(name)!;
    const [id, d, nj, fte, wage, status] = ['id', 'd', 'nj', 'fte', 'wage', 'status'].map(col) as [
      (string | null)[],
      (string | null)[],
      (string | null)[],
      (string | null)[],
      (string | null)[],
      (string | null)[],
    ];
    const known = (v: string | null) => v !== null && v !== 'NA' && v !== '';
    const waves = new Map<string, { before?: number; after?: number }>();
    id.forEach((store, i) => {
      const w = waves.get(store!) ?? {};
      waves.set(store!, w);
      if (d[i] === '0') w.before = i;
      else w.after = i;
    });
    const rows: (string | number)[][] = [];
    for (const [store, w] of waves) {
      const [b, a] = [w.before, w.after];
      if (b === undefined || a === undefined || !known(fte[b]!) || !known(fte[a]!) || !known(wage[b]!))
        continue;
      if (!known(wage[a]!) && status[a] !== '3') continue;
      rows.push([store, nj[b]!, Number(fte[a]) - Number(fte[b])]);
    }
    const result = regress(tableOf(['id', 'nj', 'dfte'], rows), 'dfte ~ nj');
    expect(result.n).toBe(357);
    const effect = coefficient(result, 'nj');
    expect([effect.estimate.toFixed(2), effect.se.toFixed(2)]).toEqual(['2.33', '1.19']);
  });

  it('Card & Krueger: HC1 SE 1.7955 and CR1 SE 1.3066 clustered by store (410 clusters)', () => {
    const hc1 = regress(cardKrueger, 'fte ~ nj * d', { se: 'hc1' });
    expect(coefficient(hc1, 'nj:d').se.toFixed(4)).toBe('1.7955');
    expect(hc1.df).toBe(790);
    const cr1 = regress(cardKrueger, 'fte ~ nj * d', { se: 'cr1', cluster: 'id' });
    expect(cr1).toMatchObject({ n: 794, clusters: 410, se_type: 'cr1', df: 409 });
    expect(coefficient(cr1, 'nj:d').se.toFixed(4)).toBe('1.3066');
    expect(coefficient(cr1, 'nj:d').estimate.toFixed(4)).toBe('2.7536');
  });

  it('NSW experiment (Dehejia–Wahba sample): 1978 earnings difference 1794.34 (632.85)', () => {
    const result = regress(readTable(LALONDE_NSW), 're78 ~ treat');
    expect(result.n).toBe(445);
    expect(coefficient(result, '(Intercept)').estimate.toFixed(2)).toBe('4554.80');
    expect(coefficient(result, 'treat').estimate.toFixed(2)).toBe('1794.34');
    expect(coefficient(result, 'treat').se.toFixed(2)).toBe('632.85');
  });
});

describe('standard errors on a hand-computed example', () => {
  // y on x with x = 0, 0, 1, 1 and y = 1, 3, 2, 6: b = (2, 2), residuals −1, 1, −2, 2, (X′X)⁻¹ = [[.5, −.5], [−.5, 1]].
  const table = tableOf(
    ['y', 'x', 'g'],
    [
      [1, 0, 'A'],
      [3, 0, 'B'],
      [2, 1, 'A'],
      [6, 1, 'B'],
    ],
  );

  it('classical: σ² = RSS/(n−k) = 10/2, V = 5·(X′X)⁻¹', () => {
    const result = regress(table, 'y ~ x');
    expect(coefficient(result, '(Intercept)').estimate).toBeCloseTo(2, 12);
    expect(coefficient(result, 'x').estimate).toBeCloseTo(2, 12);
    expect(coefficient(result, '(Intercept)').se).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(coefficient(result, 'x').se).toBeCloseTo(Math.sqrt(5), 12);
  });

  it('HC1: n/(n−k)·B·Σe²xx′·B = 2·[[.5, −.5], [−.5, 2.5]]', () => {
    const result = regress(table, 'y ~ x', { se: 'hc1' });
    expect(coefficient(result, '(Intercept)').se).toBeCloseTo(1, 12);
    expect(coefficient(result, 'x').se).toBeCloseTo(Math.sqrt(5), 12);
  });

  it('CR1: clusters A and B, factor G/(G−1)·(N−1)/(N−K) = 3, t on G−1 = 1 df (Cauchy, closed form)', () => {
    const result = regress(table, 'y ~ x', { cluster: 'g' });
    expect(result).toMatchObject({ se_type: 'cr1', clusters: 2, df: 1 });
    const x = coefficient(result, 'x');
    // Cluster score sums ±(3, 2): meat [[18, 12], [12, 8]], B·meat·B = [[.5, .5], [.5, .5]], times 3.
    expect(x.se).toBeCloseTo(Math.sqrt(1.5), 12);
    expect(coefficient(result, '(Intercept)').se).toBeCloseTo(Math.sqrt(1.5), 12);
    const t = 2 / Math.sqrt(1.5);
    expect(x.t).toBeCloseTo(t, 12);
    // Student t with 1 df is Cauchy: P(|T| > t) = 1 − 2·atan(t)/π; its 97.5% quantile is tan(0.475π).
    expect(x.p).toBeCloseTo(1 - (2 * Math.atan(t)) / Math.PI, 12);
    expect(x.ci_high - x.estimate).toBeCloseTo(Math.tan(0.475 * Math.PI) * Math.sqrt(1.5), 9);
    expect(x.estimate - x.ci_low).toBeCloseTo(x.ci_high - x.estimate, 12);
  });
});

/** A panel with group effects: y = effect(g) + 2·x + noise, deterministic. */
function panel(groups: number, perGroup: number) {
  const rows: (string | number)[][] = [];
  for (let g = 0; g < groups; g++)
    for (let i = 0; i < perGroup; i++) {
      const k = g * perGroup + i;
      const x = Math.sin(k * 1.7) * 3 + g;
      const noise = Math.cos(k * 12.9898) * 0.8;
      rows.push([10 * Math.sqrt(g + 1) + 2 * x + noise, x, `v${g}`, 1 + (k % 3)]);
    }
  return { headers: ['y', 'x', 'village', 'w'], rows };
}

describe('factor() fixed effects', () => {
  it('give the within estimator of x and its SE with N − G − 1 degrees of freedom', () => {
    const { headers, rows } = panel(6, 9);
    const result = regress(tableOf(headers, rows), 'y ~ x + factor(village)');
    // Within estimator computed independently: demean y and x by village, regress through the origin.
    const byGroup = new Map<string, { y: number; x: number; n: number }>();
    for (const [y, x, g] of rows as [number, number, string][]) {
      const s = byGroup.get(g) ?? { y: 0, x: 0, n: 0 };
      byGroup.set(g, { y: s.y + y, x: s.x + x, n: s.n + 1 });
    }
    const demeaned = (rows as [number, number, string][]).map(([y, x, g]) => {
      const s = byGroup.get(g)!;
      return { y: y - s.y / s.n, x: x - s.x / s.n };
    });
    const sxx = demeaned.reduce((a, r) => a + r.x * r.x, 0);
    const slope = demeaned.reduce((a, r) => a + r.x * r.y, 0) / sxx;
    const rss = demeaned.reduce((a, r) => a + (r.y - slope * r.x) ** 2, 0);
    const se = Math.sqrt(rss / (rows.length - 6 - 1) / sxx);
    expect(coefficient(result, 'x').estimate).toBeCloseTo(slope, 10);
    expect(coefficient(result, 'x').se).toBeCloseTo(se, 10);
    expect(result.coefficients.map((c) => c.term)).toEqual([
      '(Intercept)',
      'x',
      ...[1, 2, 3, 4, 5].map((g) => `factor(village)[v${g}]`),
    ]);
  });

  it('take the first level in sorted order (numeric when all levels are numbers) as the reference', () => {
    const rows = [
      [1, '10'],
      [2, '2'],
      [4, '9'],
      [3, '10'],
      [2.5, '2'],
      [5, '9'],
    ];
    const result = regress(tableOf(['y', 'g'], rows), 'y ~ factor(g)');
    expect(result.coefficients.map((c) => [c.term, Number(c.estimate.toFixed(10))])).toEqual([
      ['(Intercept)', 2.25],
      ['factor(g)[9]', 2.25],
      ['factor(g)[10]', -0.25],
    ]);
  });

  it('expand interactions per level, leaving the reference out only when the margin is in the model (R)', () => {
    const { headers, rows } = panel(3, 8);
    const result = regress(tableOf(headers, rows), 'y ~ x*factor(village)');
    expect(result.coefficients.map((c) => c.term)).toEqual([
      '(Intercept)',
      'x',
      'factor(village)[v1]',
      'factor(village)[v2]',
      'x:factor(village)[v1]',
      'x:factor(village)[v2]',
    ]);
    // Separate slopes per village: x + x:factor(village)[v2] is the slope fitted in village v2 alone.
    const alone = regress(
      tableOf(
        headers,
        rows.filter((r) => r[2] === 'v2'),
      ),
      'y ~ x',
    );
    expect(
      coefficient(result, 'x').estimate + coefficient(result, 'x:factor(village)[v2]').estimate,
    ).toBeCloseTo(coefficient(alone, 'x').estimate, 10);
    // Without the intercept the first lone factor keeps every level: the coefficients are the village means.
    const noIntercept = regress(tableOf(headers, rows), 'y ~ factor(village) + x:factor(village) - 1');
    expect(noIntercept.coefficients.map((c) => c.term)).toEqual([
      'factor(village)[v0]',
      'factor(village)[v1]',
      'factor(village)[v2]',
      'x:factor(village)[v0]',
      'x:factor(village)[v1]',
      'x:factor(village)[v2]',
    ]);
    // A factor whose margin (here x) is not in the model keeps every level, as in R.
    const slopes = regress(tableOf(headers, rows), 'y ~ factor(village) + x:factor(village)');
    expect(slopes.coefficients.map((c) => c.term).slice(3)).toEqual([
      'x:factor(village)[v0]',
      'x:factor(village)[v1]',
      'x:factor(village)[v2]',
    ]);
    expect(coefficient(slopes, 'x:factor(village)[v2]').estimate).toBeCloseTo(
      coefficient(alone, 'x').estimate,
      10,
    );
    const means = regress(tableOf(headers, rows), 'y ~ 0 + factor(village)');
    const v1 = rows.filter((r) => r[2] === 'v1').map((r) => r[0] as number);
    expect(coefficient(means, 'factor(village)[v1]').estimate).toBeCloseTo(
      v1.reduce((a, b) => a + b, 0) / v1.length,
      10,
    );
  });
});

describe('weights', () => {
  it('with integer weights give the estimates of OLS on rows repeated that often', () => {
    const { headers, rows } = panel(4, 7);
    const table = tableOf(headers, rows);
    const weighted = regress(table, 'y ~ x + factor(village)', { weights: 'w' });
    const repeated = rows.flatMap((r) => Array.from({ length: r[3] as number }, () => r));
    const ols = regress(tableOf(headers, repeated), 'y ~ x + factor(village)');
    expect(weighted.n).toBe(rows.length);
    const k = weighted.coefficients.length;
    weighted.coefficients.forEach((c, j) => {
      expect(c.estimate).toBeCloseTo(ols.coefficients[j]!.estimate, 10);
      // Same X′WX and residual sum of squares; only the residual degrees of freedom differ (analytic weights).
      expect(c.se).toBeCloseTo(
        ols.coefficients[j]!.se * Math.sqrt((repeated.length - k) / (rows.length - k)),
        10,
      );
    });
  });

  it('must be positive; the error names the row', () => {
    const table = tableOf(
      ['y', 'x', 'w'],
      [
        [1, 0, 1],
        [2, 1, 0],
        [3, 2, 1],
      ],
    );
    expect(() => regress(table, 'y ~ x', { weights: 'w' })).toThrow(/row 3: weight "w" must be positive/);
  });
});

describe('data rules', () => {
  it('drops and counts rows with a missing value (empty, NA, .) in a used column only', () => {
    const table = tableOf(
      ['y', 'x', 'unused', 'c'],
      [
        [1, 0, null, 'a'],
        [2, 'NA', 1, 'a'],
        [3, 1, 1, 'b'],
        [null, 1, 1, 'b'],
        [5, 2, 1, 'c'],
        [6, '.', 1, 'c'],
        [4, 3, 1, null],
        [8, 3, 1, 'd'],
      ],
    );
    expect(regress(table, 'y ~ x')).toMatchObject({ n: 5, dropped: 3 });
    expect(regress(table, 'y ~ x', { cluster: 'c' })).toMatchObject({ n: 4, dropped: 4, clusters: 4 });
  });

  it('rejects a non-number in a numeric column, naming file, row and column in both languages', () => {
    const table = tableOf(
      ['y', 'x'],
      [
        [1, 0],
        [2, '1,5'],
      ],
    );
    const error = catchError(() => regress(table, 'y ~ x'));
    expect(error.message).toBe('test.csv: row 3: column "x" is not a number ("1,5")');
    expect(error.messageId).toBe('test.csv: baris 3: kolom "x" bukan angka ("1,5")');
  });

  it('names an unknown column and the columns found', () => {
    const table = tableOf(['y', 'x'], [[1, 0]]);
    expect(() => regress(table, 'y ~ z')).toThrow('test.csv: no column "z" (in term z); found: y, x');
  });

  it('rejects collinear terms, naming each', () => {
    const rows = [0, 1, 2, 3, 4, 5].map((i) => [i * i, i, 2 * i + 1, i % 2, 1 - (i % 2), `g${i % 2}`, 0]);
    const table = tableOf(['y', 'a', 'b', 'odd', 'even', 'g', 'zero'], rows);
    expect(() => regress(table, 'y ~ a + b')).toThrow(/^collinear terms: b \(/);
    expect(() => regress(table, 'y ~ zero - 1')).toThrow(/^collinear terms: zero \(/);
    expect(() => regress(table, 'y ~ odd + even + a + b')).toThrow(/^collinear terms: even, b \(/);
    expect(() => regress(table, 'y ~ a + odd + factor(g)')).toThrow(/^collinear terms: factor\(g\)\[g1\] \(/);
    // Over several QR blocks (400 rows): a village-level constant is absorbed by the village fixed effects.
    const { headers, rows: panelRows } = panel(40, 10);
    const withConstant = tableOf(
      [...headers, 'size'],
      panelRows.map((r) => [...r, Number(String(r[2]).slice(1)) * 3]),
    );
    expect(() => regress(withConstant, 'y ~ x + factor(village) + size')).toThrow(
      /^collinear terms: size \(/,
    );
    expect(regress(withConstant, 'y ~ x + size').n).toBe(400);
  });

  it('checks the standard-error options', () => {
    const table = tableOf(['y', 'x', 'c'], [[1, 0, 'a']]);
    expect(() => regress(table, 'y ~ x', { se: 'cr1' })).toThrow(/CR1 standard errors need --cluster/);
    expect(() => regress(table, 'y ~ x', { se: 'hc1', cluster: 'c' })).toThrow(
      /--cluster is only used with CR1/,
    );
    expect(() => regress(table, 'y ~ x')).toThrow(/1 rows left for 2 coefficients/);
    expect(() => regress(table, 'y ~ x', { se: 'hc3' as SeType })).toThrow(
      'unknown standard-error type "hc3" (use classical, hc1, cr1)',
    );
  });
});

function catchError(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('no error');
}
