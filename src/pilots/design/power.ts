/**
 * Power of a two-arm cluster-randomised trial (individual outcome in standard-deviation units):
 *
 *   MDE = (q(1 − α/2) + q(power)) · √(1 / (P(1 − P))) · √((ρ + (1 − ρ)/m) / J)
 *
 * with J clusters of m people, intra-cluster correlation ρ and treated share P (Bloom 1995; Duflo, Glennerster
 * & Kremer 2007, eq. 11). q is the t quantile on J − 2 degrees of freedom (the clusters are the units of
 * analysis; two means are estimated) or, with `normal`, the standard normal quantile. Quantiles come from
 * @stdlib, not from an approximation of our own.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { say, UserError } from '../../shared/errors.js';

export interface PowerDesign {
  /** Average number of people per cluster (may be fractional), ≥ 1. */
  clusterSize: number;
  /** Intra-cluster correlation, 0 ≤ ρ ≤ 1. */
  icc: number;
  /** Share of clusters treated, 0 < P < 1. */
  treatedShare: number;
  /** Two-sided significance level, 0 < α < 1. */
  alpha: number;
  /** Target power, 0 < power < 1. */
  power: number;
  /** Standard normal quantiles instead of t on J − 2 degrees of freedom. */
  normal: boolean;
}

export interface PowerResult {
  clusters: number;
  /** Degrees of freedom of the t quantiles; null with the normal approximation. */
  df: number | null;
  /** Minimum detectable effect in standard deviations of the outcome. */
  mde_sd: number;
  /** 1 + (m − 1)ρ: the variance inflation of a cluster design over individual randomisation. */
  design_effect: number;
}

/** Smallest number of clusters the formula accepts: t needs at least one degree of freedom. */
export const minClusters = (normal: boolean): number => (normal ? 2 : 3);

/** Clusters the inverse search will try at most (beyond that the design is not a pilot). */
export const MAX_CLUSTERS = 10_000_000;

export function checkDesign(design: PowerDesign): void {
  const { clusterSize: m, icc, treatedShare: p, alpha, power } = design;
  if (!(Number.isFinite(m) && m >= 1)) fail('--cluster-size', m, 'a number ≥ 1', 'bilangan ≥ 1');
  if (!(icc >= 0 && icc <= 1)) fail('--icc', icc, 'between 0 and 1', 'antara 0 dan 1');
  if (!(p > 0 && p < 1))
    fail('--treated-share', p, 'strictly between 0 and 1', 'di antara 0 dan 1 (tidak termasuk)');
  if (!(alpha > 0 && alpha < 1))
    fail('--alpha', alpha, 'strictly between 0 and 1', 'di antara 0 dan 1 (tidak termasuk)');
  if (!(power > 0 && power < 1))
    fail('--power', power, 'strictly between 0 and 1', 'di antara 0 dan 1 (tidak termasuk)');
}

/** The minimum detectable effect (in SD) with `clusters` clusters. */
export function minimumDetectableEffect(clusters: number, design: PowerDesign): PowerResult {
  checkDesign(design);
  const least = minClusters(design.normal);
  if (!(Number.isInteger(clusters) && clusters >= least && clusters <= MAX_CLUSTERS))
    fail(
      '--clusters',
      clusters,
      `a whole number from ${least} to ${MAX_CLUSTERS}`,
      `bilangan bulat ${least} sampai ${MAX_CLUSTERS}`,
    );
  const { clusterSize: m, icc, treatedShare: p, alpha, power } = design;
  const df = design.normal ? null : clusters - 2;
  const q = (prob: number) => (df === null ? normalQuantile(prob, 0, 1) : tQuantile(prob, df));
  const multiplier = q(1 - alpha / 2) + q(power);
  const mde = multiplier * Math.sqrt(1 / (p * (1 - p))) * Math.sqrt((icc + (1 - icc) / m) / clusters);
  return { clusters, df, mde_sd: mde, design_effect: 1 + (m - 1) * icc };
}

/**
 * The smallest number of clusters whose MDE is at most `targetMde`. The MDE falls as J grows (fewer clusters'
 * worth of variance and, with t, smaller quantiles), so the normal-approximation answer is a lower bound and
 * the t answer is found by stepping up from it.
 */
export function clustersNeeded(targetMde: number, design: PowerDesign): PowerResult {
  checkDesign(design);
  if (!(Number.isFinite(targetMde) && targetMde > 0))
    fail('--mde', targetMde, 'a number > 0', 'bilangan > 0');
  const { clusterSize: m, icc, treatedShare: p, alpha, power } = design;
  const z = normalQuantile(1 - alpha / 2, 0, 1) + normalQuantile(power, 0, 1);
  const perCluster = (z * z * (icc + (1 - icc) / m)) / (p * (1 - p));
  // Floating-point noise could put the bound one above the true answer: start one lower and step up.
  let clusters = Math.max(minClusters(design.normal), Math.ceil(perCluster / (targetMde * targetMde)) - 1);
  if (clusters > MAX_CLUSTERS) tooMany(targetMde);
  let result = minimumDetectableEffect(clusters, design);
  while (result.mde_sd > targetMde) {
    clusters += 1;
    if (clusters > MAX_CLUSTERS) tooMany(targetMde);
    result = minimumDetectableEffect(clusters, design);
  }
  return result;
}

function tooMany(targetMde: number): never {
  throw new UserError(
    say(
      `--mde ${targetMde} needs more than ${MAX_CLUSTERS} clusters; choose a larger effect`,
      `--mde ${targetMde} membutuhkan lebih dari ${MAX_CLUSTERS} klaster; pilih efek yang lebih besar`,
    ),
    'invalid_option',
  );
}

function fail(option: string, value: number, en: string, id: string): never {
  throw new UserError(
    say(`${option} must be ${en} (got ${value})`, `${option} harus ${id} (diberikan ${value})`),
    'invalid_option',
  );
}
