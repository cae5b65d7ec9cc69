/**
 * Entities from scored pairs of one list: connected components over links at or above the match threshold,
 * merged strongest first and guarded against chaining — two groups are not joined when that would exceed
 * `maxClusterSize` or when, among the scored pairs across the two groups, those below the review threshold
 * (explicit evidence of different people) outnumber those at or above the match threshold.
 */
export interface Clusters {
  /** Cluster representative (smallest record index) per record. */
  clusterOf: Int32Array;
  /** Probability of the weakest link that joined each record's cluster (NaN for singletons). */
  weakest: Float64Array;
  refusedMerges: number;
}

export function clusterPairs(
  size: number,
  left: Int32Array,
  right: Int32Array,
  probability: Float64Array,
  thresholds: { match: number; review: number },
  maxClusterSize: number,
): Clusters {
  const parent = Int32Array.from({ length: size }, (_, i) => i);
  const members = new Map<number, number[]>();
  const weakest = new Float64Array(size).fill(NaN);
  const scored = new Map<number, number>();
  const key = (i: number, j: number) => (i < j ? i * size + j : j * size + i);
  const edges: number[] = [];
  for (let p = 0; p < left.length; p++) {
    if (probability[p]! >= thresholds.match) edges.push(p);
    scored.set(key(left[p]!, right[p]!), probability[p]!);
  }
  edges.sort((a, b) => probability[b]! - probability[a]! || a - b);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const group = (root: number) => members.get(root) ?? [root];
  let refused = 0;
  for (const p of edges) {
    const a = find(left[p]!);
    const b = find(right[p]!);
    if (a === b) continue;
    const ga = group(a);
    const gb = group(b);
    let blocked = ga.length + gb.length > maxClusterSize;
    let against = 0;
    let support = 0;
    for (let x = 0; !blocked && x < ga.length; x++)
      for (let y = 0; y < gb.length; y++) {
        const q = scored.get(key(ga[x]!, gb[y]!));
        if (q === undefined) continue;
        if (q < thresholds.review) against++;
        else if (q >= thresholds.match) support++;
      }
    if (against > support) blocked = true;
    if (blocked) {
      refused++;
      continue;
    }
    const [root, child] = a < b ? [a, b] : [b, a];
    parent[child] = root;
    members.set(root, [...ga, ...gb]);
    members.delete(child);
    const w = Math.min(
      probability[p]!,
      Number.isNaN(weakest[root]!) ? 1 : weakest[root]!,
      Number.isNaN(weakest[child]!) ? 1 : weakest[child]!,
    );
    weakest[root] = w;
  }
  const clusterOf = new Int32Array(size);
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const r = find(i);
    clusterOf[i] = r;
    out[i] = weakest[r]!;
  }
  return { clusterOf, weakest: out, refusedMerges: refused };
}
