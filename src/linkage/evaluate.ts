/** Pairwise precision, recall and F1 of predicted pairs against true pairs (pair keys such as "a|b"). */
export interface PairQuality {
  precision: number;
  recall: number;
  f1: number;
  predicted: number;
  true_pairs: number;
  true_positives: number;
}

export function pairQuality(predicted: ReadonlySet<string>, truth: ReadonlySet<string>): PairQuality {
  let tp = 0;
  for (const k of predicted) if (truth.has(k)) tp++;
  const precision = predicted.size ? tp / predicted.size : 0;
  const recall = truth.size ? tp / truth.size : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, predicted: predicted.size, true_pairs: truth.size, true_positives: tp };
}

/** Key of an unordered pair (deduplication). */
export const unorderedKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** All within-cluster pairs of (id, cluster) assignments, as unordered keys. */
export function clusterPairKeys(ids: readonly string[], clusters: readonly string[]): Set<string> {
  const groups = new Map<string, string[]>();
  ids.forEach((id, i) => {
    const c = clusters[i]!;
    const g = groups.get(c);
    if (g) g.push(id);
    else groups.set(c, [id]);
  });
  const out = new Set<string>();
  for (const g of groups.values())
    for (let a = 0; a < g.length; a++)
      for (let b = a + 1; b < g.length; b++) out.add(unorderedKey(g[a]!, g[b]!));
  return out;
}

/** One probability band of a calibration table: pairs predicted in [from, to) and how many were true. */
export interface CalibrationBand {
  from: number;
  to: number;
  pairs: number;
  /** Mean predicted match probability of the band's pairs. */
  predicted: number;
  /** Share of the band's pairs that are true matches. */
  observed: number;
}

export const CALIBRATION_EDGES = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999, 1];

/**
 * Predicted against observed match rate per probability band (empty bands left out; the last band includes 1).
 * A calibrated model has observed ≈ predicted in every band.
 */
export function calibrationTable(
  probabilities: ArrayLike<number>,
  isMatch: ArrayLike<boolean>,
  edges: readonly number[] = CALIBRATION_EDGES,
): CalibrationBand[] {
  const bands = edges.slice(0, -1).map((from, i) => ({ from, to: edges[i + 1]!, pairs: 0, sum: 0, hits: 0 }));
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    let b = bands.findIndex((band) => p < band.to);
    if (b < 0) b = bands.length - 1;
    const band = bands[b]!;
    band.pairs++;
    band.sum += p;
    if (isMatch[i]) band.hits++;
  }
  return bands
    .filter((b) => b.pairs > 0)
    .map((b) => ({
      from: b.from,
      to: b.to,
      pairs: b.pairs,
      predicted: b.sum / b.pairs,
      observed: b.hits / b.pairs,
    }));
}

/**
 * Greedy one-to-one assignment of scored pairs: by descending probability (ties in input order), each pair kept
 * only when neither of its records is taken. Returns the kept indices.
 */
export function greedyOneToOne(
  left: readonly string[],
  right: readonly string[],
  probability: ArrayLike<number>,
): number[] {
  const order = Array.from({ length: left.length }, (_, i) => i).sort(
    (a, b) => probability[b]! - probability[a]! || a - b,
  );
  const usedLeft = new Set<string>();
  const usedRight = new Set<string>();
  const kept: number[] = [];
  for (const i of order) {
    if (usedLeft.has(left[i]!) || usedRight.has(right[i]!)) continue;
    usedLeft.add(left[i]!);
    usedRight.add(right[i]!);
    kept.push(i);
  }
  return kept.sort((a, b) => a - b);
}
