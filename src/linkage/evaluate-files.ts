import { UserError } from '../shared/errors.js';
import { clusterPairKeys, pairQuality, unorderedKey, type PairQuality } from './evaluate.js';
import { readCsvText, tableFromCsv } from './io/csv-file.js';
import type { RecordTable } from './record-table.js';

/**
 * Pairs of a links or clusters file. Links: `left_id,right_id[,match_probability]` (pairs at or above the
 * threshold). Clusters: `id` with `cluster_id` or `cluster` (every within-cluster pair, unordered).
 */
function pairsOf(table: RecordTable, threshold: number, unordered: boolean): Set<string> {
  const col = (name: string) => table.columns.get(name);
  const l = col('left_id');
  const r = col('right_id');
  if (l && r) {
    const p = col('match_probability');
    const out = new Set<string>();
    for (let i = 0; i < l.length; i++) {
      if (p && Number(p[i]) < threshold) continue;
      const a = l[i];
      const b = r[i];
      if (!a || !b) throw new UserError(`${table.source}: row ${i + 2}: left_id or right_id is empty`);
      out.add(unordered ? unorderedKey(a, b) : `${a}|${b}`);
    }
    return out;
  }
  const ids = col('id') ?? col('unique_id') ?? col('rec_id');
  const clusters = col('cluster_id') ?? col('cluster');
  if (ids && clusters) {
    const keep = ids.map((id, i) => [id, clusters[i]] as const).filter(([id, c]) => id && c) as [
      string,
      string,
    ][];
    return clusterPairKeys(
      keep.map(([id]) => id),
      keep.map(([, c]) => c),
    );
  }
  throw new UserError(
    `${table.source}: expected columns left_id,right_id (links) or id,cluster_id / id,cluster (clusters); found ${table.headers.join(', ')}`,
    'missing_column',
  );
}

export function evaluateFiles(linksPath: string, truthPath: string, threshold = 0.5): PairQuality {
  const links = tableFromCsv(readCsvText(linksPath), linksPath, null);
  const truth = tableFromCsv(readCsvText(truthPath), truthPath, null);
  // Cluster files describe one list: compare pairs regardless of order.
  const unordered = !links.columns.has('left_id') || !truth.columns.has('left_id');
  return pairQuality(pairsOf(links, threshold, unordered), pairsOf(truth, threshold, unordered));
}
