import type { VectorCounts } from './comparison.js';

/** A trained Fellegi–Sunter model: per field m and u for levels 1..k, and the prior match probability. */
export interface TrainedModel {
  fields: {
    label: string;
    type: string;
    levels: readonly string[];
    m: number[];
    u: number[];
    trainedBy: number;
    /** Compared within agreement on this column's field (FieldComparator.within): conditional weights. */
    within?: string;
  }[];
  /** P(two records drawn at random from the comparison space match). */
  prior: number;
  /** EM runs, one per blocking rule. */
  runs: { rule: string[]; pairs: number; lambda: number; iterations: number; fields: string[] }[];
}

/**
 * log2(m/u) for each field and level (0 for level 0 = missing). A field compared `within` another's agreement
 * (its last level: no agreement there) weighs P(level | agreement there) instead: m and u of its other levels
 * each divided by their sum, the last level 0 — the other field has counted the agreement already.
 */
export function bayesFactors(model: TrainedModel): Float64Array[] {
  return model.fields.map((f) => {
    const k = f.m.length - 1;
    const w = new Float64Array(k + 1);
    let mWithin = 1;
    let uWithin = 1;
    if (f.within !== undefined) {
      mWithin = 0;
      uWithin = 0;
      for (let l = 1; l < k; l++) {
        mWithin += f.m[l]!;
        uWithin += f.u[l]!;
      }
    }
    for (let l = 1; l <= k; l++) {
      if (f.within !== undefined && l === k) continue;
      const m = Math.max(f.m[l]!, 1e-9) / Math.max(mWithin, 1e-9);
      const u = Math.max(f.u[l]!, 1e-12) / Math.max(uWithin, 1e-12);
      w[l] = Math.log2(m / u);
    }
    return w;
  });
}

export const logit2 = (p: number): number => Math.log2(p / (1 - p));
export const probability = (weight: number): number => 1 / (1 + Math.pow(2, -weight));

/**
 * The prior λ over all `totalPairs` possible pairs with m and u fixed: the expected number of matches among
 * the candidate pairs (posterior sum, computed with λ itself) divided by totalPairs, iterated to a fixed point.
 * Pairs outside the blocks are taken as non-matches.
 */
export function estimatePrior(
  data: VectorCounts,
  factors: readonly Float64Array[],
  totalPairs: number,
  start: number,
): number {
  const nf = factors.length;
  const sums = new Float64Array(data.size);
  for (let v = 0; v < data.size; v++) {
    let s = 0;
    for (let f = 0; f < nf; f++) s += factors[f]![data.vectors[v * nf + f]!]!;
    sums[v] = s;
  }
  let lambda = Math.min(Math.max(start, 1e-12), 0.5);
  for (let iter = 0; iter < 100; iter++) {
    const base = logit2(lambda);
    let expected = 0;
    for (let v = 0; v < data.size; v++) expected += data.counts[v]! * probability(base + sums[v]!);
    const next = Math.min(Math.max(expected / totalPairs, 1e-12), 0.5);
    if (Math.abs(next - lambda) / lambda < 1e-6) {
      lambda = next;
      break;
    }
    lambda = next;
  }
  return lambda;
}
