/**
 * One-to-one assignment for linking two deduplicated lists: pairs taken in descending probability, each
 * accepted only when neither record is linked yet (greedy; optimal assignment rarely differs on linkage data
 * because true matches dominate their rows and columns). Returns the accepted pair indices.
 */
export function oneToOne(
  candidates: readonly number[],
  left: Int32Array,
  right: Int32Array,
  probability: Float64Array,
): number[] {
  const sorted = [...candidates].sort((a, b) => probability[b]! - probability[a]! || a - b);
  const usedLeft = new Set<number>();
  const usedRight = new Set<number>();
  const accepted: number[] = [];
  for (const p of sorted) {
    const i = left[p]!;
    const j = right[p]!;
    if (usedLeft.has(i) || usedRight.has(j)) continue;
    usedLeft.add(i);
    usedRight.add(j);
    accepted.push(p);
  }
  return accepted.sort((a, b) => a - b);
}
