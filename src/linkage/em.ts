import type { VectorCounts } from './comparison.js';

/**
 * Expectation–maximisation of m-probabilities (P(level | match)) and the match share λ over aggregated level
 * vectors, with u fixed (from random pairs). Fields not in `active` are ignored (e.g. those a blocking rule
 * made agree by construction). `maxLambda` bounds λ (linking: a block's pairs cannot hold more matches than
 * it has records on its smaller side), which keeps EM from taking a crowd of namesakes for the match class.
 * Returns m[f][level] (index 0 unused) and λ.
 */
export function expectationMaximisation(
  data: VectorCounts,
  u: readonly Float64Array[],
  active: readonly boolean[],
  initialM: readonly Float64Array[],
  options: { iterations?: number; tolerance?: number; lambda?: number; maxLambda?: number } = {},
): { m: Float64Array[]; lambda: number; iterations: number } {
  const nf = u.length;
  const m = initialM.map((a) => Float64Array.from(a));
  const maxLambda = Math.min(1 - 1e-9, options.maxLambda ?? 1);
  let lambda = Math.min(options.lambda ?? 0.5, maxLambda / 2 + 1e-9);
  const maxIter = options.iterations ?? 40;
  const tol = options.tolerance ?? 1e-5;
  const acc = m.map((a) => new Float64Array(a.length));
  let iter = 0;
  for (; iter < maxIter; iter++) {
    for (const a of acc) a.fill(0);
    let matchMass = 0;
    let total = 0;
    for (let v = 0; v < data.size; v++) {
      let pm = lambda;
      let pu = 1 - lambda;
      const base = v * nf;
      for (let f = 0; f < nf; f++) {
        if (!active[f]) continue;
        const l = data.vectors[base + f]!;
        if (l === 0) continue;
        pm *= m[f]![l]!;
        pu *= u[f]![l]!;
      }
      const post = pm + pu > 0 ? pm / (pm + pu) : 0;
      const c = data.counts[v]!;
      matchMass += post * c;
      total += c;
      for (let f = 0; f < nf; f++) {
        if (!active[f]) continue;
        const l = data.vectors[base + f]!;
        if (l !== 0) acc[f]![l]! += post * c;
      }
    }
    let change = Math.abs(matchMass / total - lambda);
    lambda = Math.min(maxLambda, Math.max(1e-9, matchMass / total));
    for (let f = 0; f < nf; f++) {
      if (!active[f]) continue;
      const a = acc[f]!;
      let sum = 0;
      for (let l = 1; l < a.length; l++) sum += a[l]!;
      if (sum <= 0) continue;
      for (let l = 1; l < a.length; l++) {
        const next = Math.max(a[l]! / sum, 1e-6);
        change = Math.max(change, Math.abs(next - m[f]![l]!));
        m[f]![l] = next;
      }
    }
    if (change < tol) break;
  }
  return { m, lambda, iterations: iter + 1 };
}

/** Starting m: most matches agree at level 1, the rest spread over lower levels, least at "else". */
export function initialM(levelCount: number): Float64Array {
  const m = new Float64Array(levelCount + 1);
  if (levelCount === 1) {
    m[1] = 1;
    return m;
  }
  m[1] = 0.85;
  let weightSum = 0;
  for (let l = 2; l <= levelCount; l++) weightSum += levelCount + 1 - l;
  for (let l = 2; l <= levelCount; l++) m[l] = (0.15 * (levelCount + 1 - l)) / weightSum;
  return m;
}
