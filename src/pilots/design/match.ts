/**
 * Comparison clusters for a non-randomised pilot (algorithm `entas-match/1`, pure): the program chose the
 * treated clusters; each gets the most similar untreated cluster of its stratum as comparison.
 *
 * 1. Standardise every covariate over all clusters (treated and pool): z = (x − mean) / s, s the sample SD
 *    (n − 1). A covariate with fewer than two values or no spread says nothing about similarity and is left
 *    out; a missing value counts as the mean (z = 0).
 * 2. Distance of two clusters: Euclidean distance of their z vectors.
 * 3. Within each stratum, greedy nearest-neighbour matching without replacement: all (treated, untreated) pairs
 *    sorted by distance (ties by treated id, then comparison id), a pair is taken when neither cluster is
 *    taken yet. The closest pairs are fixed first, so the result does not depend on the order of the input.
 * 4. Treated clusters left without a comparison (their stratum has fewer untreated clusters) are `unmatched`.
 *
 * Rosenbaum & Rubin (1985) and Stuart (2010) describe nearest-neighbour matching; the balance of the matched
 * set is then checked with standardised mean differences (design/balance.ts).
 */
import { UserError, say } from '../../shared/errors.js';

export const MATCH_ALGORITHM = 'entas-match/1';

export interface MatchUnit {
  id: string;
  stratum: string;
  treated: boolean;
  /** One value per covariate, in the same order for every unit. */
  covariates: readonly (number | null)[];
}

export interface MatchedPair {
  treated: string;
  control: string;
  stratum: string;
  /** Euclidean distance of the standardised covariates. */
  distance: number;
}

export interface Standardisation {
  mean: number | null;
  sd: number | null;
  /** false when the covariate has fewer than two values or no spread. */
  used: boolean;
}

export interface MatchResult {
  pairs: MatchedPair[];
  /** Treated ids without a comparison, sorted. */
  unmatched: string[];
  standardisation: Standardisation[];
}

export function standardise(units: readonly MatchUnit[], k: number): Standardisation[] {
  const result: Standardisation[] = [];
  for (let j = 0; j < k; j++) {
    // Sorted before summing, so the sums (and every distance) do not depend on the input order.
    const values = units
      .map((u) => u.covariates[j])
      .filter((v): v is number => v !== null && v !== undefined)
      .sort((a, b) => a - b);
    if (values.length < 2) {
      result.push({ mean: values[0] ?? null, sd: null, used: false });
      continue;
    }
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    result.push({ mean, sd, used: sd > 0 });
  }
  return result;
}

export function matchComparisons(units: readonly MatchUnit[]): MatchResult {
  const ids = new Set<string>();
  for (const u of units) {
    if (ids.has(u.id))
      throw new UserError(say(`cluster ${u.id} appears twice`, `klaster ${u.id} muncul dua kali`));
    ids.add(u.id);
  }
  const k = units[0]?.covariates.length ?? 0;
  if (units.some((u) => u.covariates.length !== k))
    throw new UserError(
      say('every cluster needs the same covariates', 'setiap klaster memerlukan kovariat yang sama'),
    );
  const scale = standardise(units, k);
  const z = new Map(
    units.map((u) => [
      u.id,
      scale.map((s, j) => {
        const v = u.covariates[j];
        return !s.used || v === null || v === undefined ? 0 : (v - s.mean!) / s.sd!;
      }),
    ]),
  );
  const distance = (a: string, b: string) => {
    const za = z.get(a)!;
    const zb = z.get(b)!;
    return Math.sqrt(za.reduce((sum, v, j) => sum + (v - zb[j]!) ** 2, 0));
  };

  const strata = new Map<string, { treated: string[]; pool: string[] }>();
  for (const u of units) {
    const s = strata.get(u.stratum) ?? { treated: [], pool: [] };
    (u.treated ? s.treated : s.pool).push(u.id);
    strata.set(u.stratum, s);
  }
  const pairs: MatchedPair[] = [];
  const unmatched: string[] = [];
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  for (const stratum of [...strata.keys()].sort(byText)) {
    const { treated, pool } = strata.get(stratum)!;
    const candidates = treated.flatMap((t) => pool.map((c) => ({ t, c, d: distance(t, c) })));
    candidates.sort((x, y) => x.d - y.d || byText(x.t, y.t) || byText(x.c, y.c));
    const takenT = new Set<string>();
    const takenC = new Set<string>();
    for (const { t, c, d } of candidates) {
      if (takenT.has(t) || takenC.has(c)) continue;
      takenT.add(t);
      takenC.add(c);
      pairs.push({ treated: t, control: c, stratum, distance: d });
    }
    unmatched.push(...treated.filter((t) => !takenT.has(t)));
  }
  pairs.sort((a, b) => byText(a.treated, b.treated));
  return { pairs, unmatched: unmatched.sort(byText), standardisation: scale };
}
