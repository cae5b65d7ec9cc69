/**
 * One-to-one assignment for linking two deduplicated lists: pairs taken in descending probability, each
 * accepted only when neither record is linked yet (greedy; optimal assignment rarely differs on linkage data
 * because true matches dominate their rows and columns). `candidates`: pair indices in ascending order (of equal
 * probabilities the lower pair index is taken first). Returns the accepted pair indices, ascending.
 */
export function oneToOne(
  candidates: readonly number[],
  left: Int32Array,
  right: Int32Array,
  probability: Float64Array,
): number[] {
  const order = byDescendingProbability(candidates, probability);
  let records = 0;
  for (let k = 0; k < candidates.length; k++) {
    const p = candidates[k]!;
    records = Math.max(records, left[p]! + 1, right[p]! + 1);
  }
  const usedLeft = new Uint8Array(records);
  const usedRight = new Uint8Array(records);
  const accepted = new Int32Array(order.length);
  let n = 0;
  for (let k = 0; k < order.length; k++) {
    const p = order[k]!;
    const i = left[p]!;
    const j = right[p]!;
    if (usedLeft[i] || usedRight[j]) continue;
    usedLeft[i] = 1;
    usedRight[j] = 1;
    accepted[n++] = p;
  }
  // Typed-array sort is numeric and native (a comparator on a plain array is far slower at 10⁵–10⁶ pairs).
  return Array.from(accepted.subarray(0, n).sort());
}

/**
 * `candidates` by descending probability, equal probabilities in their given order: a stable counting sort by
 * the rank of each probability among the distinct ones (far fewer than pairs; sorted natively).
 */
function byDescendingProbability(candidates: readonly number[], probability: Float64Array): Int32Array {
  const n = candidates.length;
  const sorted = new Float64Array(n);
  for (let k = 0; k < n; k++) sorted[k] = probability[candidates[k]!]!;
  sorted.sort();
  let distinct = 0;
  for (let k = 0; k < n; k++)
    if (k === 0 || sorted[k] !== sorted[distinct - 1]) sorted[distinct++] = sorted[k]!;
  const values = sorted.subarray(0, distinct);
  const rank = new Int32Array(n);
  const start = new Int32Array(distinct + 1);
  for (let k = 0; k < n; k++) {
    // Rank 0 = highest probability.
    const r = distinct - 1 - lowerBound(values, probability[candidates[k]!]!);
    rank[k] = r;
    start[r + 1]!++;
  }
  for (let r = 0; r < distinct; r++) start[r + 1]! += start[r]!;
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[start[rank[k]!]!++] = candidates[k]!;
  return order;
}

function lowerBound(values: Float64Array, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
