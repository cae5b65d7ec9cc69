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
