import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildDesign } from './design.js';
import { differenceInDifferences } from './did.js';
import { parseFormula } from './formula.js';
import { CARD_KRUEGER, FEW_CLUSTERS, readTable, REFERENCE } from './testdata/tables.js';
import { wildClusterBootstrap } from './wild-bootstrap.js';

interface Reference {
  wild_bootstrap: { estimate: number; se_cr1: number; t: number; p_rademacher_enumerated: number };
}
const reference = JSON.parse(readFileSync(REFERENCE, 'utf8')) as Reference;
const fewClusters = readTable(FEW_CLUSTERS);
const design = buildDesign(fewClusters, parseFormula('y ~ treat + x'), { cluster: 'village' });

describe('wild cluster bootstrap (restricted, CR1 t)', () => {
  it('enumerates all 2^8 Rademacher sign patterns and matches the numpy reference exactly', () => {
    const result = wildClusterBootstrap(design, {
      term: 'treat',
      draws: 999,
      weights: 'rademacher',
      seed: 1,
    });
    expect(result).toMatchObject({ enumerated: true, draws: 256, clusters: 8 });
    expect(result.t).toBeCloseTo(reference.wild_bootstrap.t, 10);
    // p is a count over 256 patterns: equal to the reference's count, not just close.
    expect(result.p).toBe(reference.wild_bootstrap.p_rademacher_enumerated);
  });

  it('random Rademacher draws approach the enumerated p; Webb draws are seeded and reproducible', () => {
    const drawn = wildClusterBootstrap(design, { term: 'treat', draws: 200, weights: 'rademacher', seed: 7 });
    expect(drawn.enumerated).toBe(false);
    // 200 draws: binomial SE of p ≈ 0.034; 4 SE.
    expect(Math.abs(drawn.p - reference.wild_bootstrap.p_rademacher_enumerated)).toBeLessThan(0.14);
    const webb = wildClusterBootstrap(design, { term: 'treat', draws: 999, weights: 'webb', seed: 'a' });
    expect(webb).toMatchObject({ enumerated: false, draws: 999 });
    expect(wildClusterBootstrap(design, { term: 'treat', draws: 999, weights: 'webb', seed: 'a' }).p).toBe(
      webb.p,
    );
    expect(Math.abs(webb.p - reference.wild_bootstrap.p_rademacher_enumerated)).toBeLessThan(0.12);
  });

  it('rejects a strong effect and not a null one (Card & Krueger, 410 stores)', () => {
    const table = readTable(CARD_KRUEGER);
    const did = differenceInDifferences(table, {
      outcome: 'fte',
      treat: 'nj',
      post: 'd',
      cluster: 'id',
      wildBootstrap: { draws: 1999, weights: 'webb', seed: 3 },
    });
    expect(did.effect.estimate.toFixed(4)).toBe('2.7536');
    expect(did.effect.se.toFixed(4)).toBe('1.3066');
    // CR1 p = 0.0357 on 409 df; with 410 clusters the bootstrap agrees to Monte Carlo error (SE ≈ 0.004).
    expect(did.effect.p.toFixed(4)).toBe('0.0357');
    expect(Math.abs(did.wild_bootstrap!.p - did.effect.p)).toBeLessThan(0.02);
  });

  it('names an unknown term and refuses too few draws', () => {
    expect(() =>
      wildClusterBootstrap(design, { term: 'nope', draws: 999, weights: 'webb', seed: 1 }),
    ).toThrow('no term "nope" in the model (terms: (Intercept), treat, x)');
    expect(() =>
      wildClusterBootstrap(design, { term: 'treat', draws: 10, weights: 'webb', seed: 1 }),
    ).toThrow('at least 99');
  });
});

describe('difference-in-differences (Card & Krueger 1994, Table 3)', () => {
  it('gives 2.7536 with CR1 SE 1.3066 by store and the published cell means', () => {
    const did = differenceInDifferences(readTable(CARD_KRUEGER), {
      outcome: 'fte',
      treat: 'nj',
      post: 'd',
      cluster: 'id',
    });
    expect(did).toMatchObject({ n: 794, dropped: 26, clusters: 410, se_type: 'cr1', df: 409 });
    expect([did.effect.estimate.toFixed(4), did.effect.se.toFixed(4)]).toEqual(['2.7536', '1.3066']);
    const c = did.cells!;
    expect([c.control_pre, c.control_post, c.treated_pre, c.treated_post].map((v) => v.toFixed(2))).toEqual([
      '23.33',
      '21.17',
      '20.44',
      '21.03',
    ]);
    // Without a cluster the default is HC1 (1.7955).
    const hc1 = differenceInDifferences(readTable(CARD_KRUEGER), { outcome: 'fte', treat: 'nj', post: 'd' });
    expect(hc1.effect.se.toFixed(4)).toBe('1.7955');
  });

  it('refuses a treatment column that is not 0/1', () => {
    expect(() =>
      differenceInDifferences(readTable(CARD_KRUEGER), { outcome: 'fte', treat: 'wage', post: 'd' }),
    ).toThrow('column "wage" must hold 0 or 1');
  });
});
