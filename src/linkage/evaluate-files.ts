import { UserError } from '../shared/errors.js';
import {
  calibrationTable,
  clusterPairKeys,
  greedyOneToOne,
  pairQuality,
  unorderedKey,
  type CalibrationBand,
  type PairQuality,
} from './evaluate.js';
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

/**
 * Raw quality (top level: pairs at or above the threshold), and for links files with match probabilities the
 * one-to-one quality and a calibration table. One-to-one: the pairs `entas link --one-to-one --keep-dropped`
 * assigned (rows with decision `dropped` left out), then greedy by probability (a no-op on assigned pairs; on
 * a raw links file it is the usual greedy one-to-one).
 */
export interface Evaluation extends PairQuality {
  threshold: number;
  one_to_one?: PairQuality;
  calibration?: CalibrationBand[];
}

export function evaluateFiles(linksPath: string, truthPath: string, threshold = 0.5): Evaluation {
  const links = tableFromCsv(readCsvText(linksPath), linksPath, null);
  const truth = tableFromCsv(readCsvText(truthPath), truthPath, null);
  // Cluster files describe one list: compare pairs regardless of order.
  const unordered = !links.columns.has('left_id') || !truth.columns.has('left_id');
  const truthPairs = pairsOf(truth, threshold, unordered);
  const raw: Evaluation = { ...pairQuality(pairsOf(links, threshold, unordered), truthPairs), threshold };
  const l = links.columns.get('left_id');
  const r = links.columns.get('right_id');
  const p = links.columns.get('match_probability');
  if (unordered || !l || !r || !p) return raw;
  const decision = links.columns.get('decision');
  const prob = p.map((v, i) => {
    const x = Number(v);
    if (v === null || v === '' || !Number.isFinite(x) || x < 0 || x > 1)
      throw new UserError(`${linksPath}: row ${i + 2}: match_probability "${v ?? ''}" is not a probability`);
    return x;
  });
  const leftIds = l.map((v) => v ?? '');
  const rightIds = r.map((v) => v ?? '');
  const keys = leftIds.map((a, i) => `${a}|${rightIds[i]!}`);
  const eligible: number[] = [];
  for (let i = 0; i < keys.length; i++)
    if (prob[i]! >= threshold && decision?.[i] !== 'dropped') eligible.push(i);
  const kept = greedyOneToOne(
    eligible.map((i) => leftIds[i]!),
    eligible.map((i) => rightIds[i]!),
    eligible.map((i) => prob[i]!),
  ).map((k) => keys[eligible[k]!]!);
  return {
    ...raw,
    one_to_one: pairQuality(new Set(kept), truthPairs),
    calibration: calibrationTable(
      prob,
      keys.map((k) => truthPairs.has(k)),
    ),
  };
}
