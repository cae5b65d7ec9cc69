import type { ClusterBaselineColumn } from '../db/tables/pilots.js';

/**
 * Strata and baseline covariates of a pilot's clusters (pure). The default stratum is regency × poverty tercile:
 * clusters are ranked by their share of households in deciles 1–2 (ties by cluster key, so the ranking is the
 * same on every engine) and cut into three groups of ⌊n/3⌋ or ⌈n/3⌉ — T1 the poorest third.
 */
export interface ClusterCounts {
  key: string;
  villageCode: string;
  households: number;
  /** Households in DTSEN deciles 1–2. */
  poorest: number;
  /** Persons in those households. */
  persons: number;
  /** Households whose head (relation 1) is a woman. */
  femaleHeaded: number;
  /** Distinct households receiving any program (program_enrolments). */
  recipients: number;
  cooperatives: number;
}

/** The covariates stored per cluster (`pilot_clusters.baseline`). */
export type ClusterBaseline = ClusterBaselineColumn;

export const BASELINE_COVARIATES: readonly (keyof ClusterBaseline)[] = [
  'share_decile_1_2',
  'household_size',
  'share_female_headed',
  'recipients',
  'cooperative_presence',
];

export function baselineOf(c: ClusterCounts): ClusterBaseline {
  const per = (n: number) => (c.households === 0 ? null : n / c.households);
  return {
    share_decile_1_2: per(c.poorest),
    household_size: per(c.persons),
    share_female_headed: per(c.femaleHeaded),
    recipients: c.recipients,
    cooperative_presence: c.cooperatives > 0 ? 1 : 0,
  };
}

/** regency (PP.RR) of a village code. */
export const regencyOf = (code: string) => code.split('.').slice(0, 2).join('.');

/** Poverty tercile 1..3 per cluster key (1 = highest share of deciles 1–2), within the whole pilot. */
export function povertyTerciles(clusters: readonly ClusterCounts[]): Map<string, number> {
  const ranked = [...clusters].sort((a, b) => {
    const sa = a.households === 0 ? -1 : a.poorest / a.households;
    const sb = b.households === 0 ? -1 : b.poorest / b.households;
    // Exact comparison of fractions by cross-multiplication avoids floating-point ties differing by engine.
    const diff = sb === -1 || sa === -1 ? sb - sa : b.poorest * a.households - a.poorest * b.households;
    if (diff !== 0) return diff;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
  const n = ranked.length;
  const result = new Map<string, number>();
  ranked.forEach((c, i) => result.set(c.key, Math.min(3, Math.floor((i * 3) / n) + 1)));
  return result;
}

/** The stratum label of each cluster: `<regency>/T<tercile>`. */
export function regencyTercileStrata(clusters: readonly ClusterCounts[]): Map<string, string> {
  const terciles = povertyTerciles(clusters);
  return new Map(clusters.map((c) => [c.key, `${regencyOf(c.villageCode)}/T${terciles.get(c.key)!}`]));
}
