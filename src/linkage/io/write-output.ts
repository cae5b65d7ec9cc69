/** Writing linkage results as CSV: links (pairs with explanations) and clusters (dedupe). */
import { closeSync, openSync, writeSync } from 'node:fs';
import { UserError } from '../../shared/errors.js';
import type { LinkageResult } from '../engine.js';

const csvValue = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
/** Six significant digits, as String(Number(x.toPrecision(6))) but without parsing the number back. */
function num(x: number): string {
  if (!Number.isFinite(x)) return '';
  const r = x.toPrecision(6);
  if (r.includes('e') || !r.includes('.')) return String(Number(r));
  let end = r.length;
  while (r.charCodeAt(end - 1) === 48) end--;
  if (r.charCodeAt(end - 1) === 46) end--;
  const t = r.slice(0, end);
  return t === '-0' ? '0' : t;
}

function writeLines(path: string, header: string, count: number, line: (i: number) => string): void {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw new UserError(
      `${path}: cannot write file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  try {
    let chunk = header + '\n';
    for (let i = 0; i < count; i++) {
      chunk += line(i) + '\n';
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

/**
 * `left_id,right_id,match_probability,match_weight,<field>…,decision`: every selected pair (at or above the
 * review threshold, or reviewed as a match: probability 1, decision `reviewed_match`), then with `keepDropped`
 * the pairs the one-to-one assignment dropped (decision `dropped`); each field column is its contribution to the match weight in bits (log2 Bayes factor).
 */
export function writeLinks(
  path: string,
  result: LinkageResult,
  leftId: (record: number) => string,
  rightId: (record: number) => string,
  matchThreshold: number,
  keepDropped = false,
): { matches: number; review: number } {
  const header = [
    'left_id',
    'right_id',
    'match_probability',
    'match_weight',
    ...result.fields.map((f) => `w_${f.label}`),
    'decision',
  ];
  let matches = 0;
  const sel = keepDropped ? [...result.selected, ...result.dropped] : result.selected;
  const kept = result.selected.length;
  // Field contributions take few distinct values (one per level, or per value for term-frequency fields).
  const formatted = new Map<number, string>();
  const contribution = (x: number): string => {
    let t = formatted.get(x);
    if (t === undefined) formatted.set(x, (t = num(x)));
    return t;
  };
  writeLines(path, header.map(csvValue).join(','), sel.length, (i) => {
    const p = sel[i]!;
    const prob = result.probability[p]!;
    const reviewed = result.reviewed[p] === 1;
    const decision =
      i >= kept ? 'dropped' : reviewed ? 'reviewed_match' : prob >= matchThreshold ? 'match' : 'review';
    if (decision === 'match' || decision === 'reviewed_match') matches++;
    let line =
      csvValue(leftId(result.pairs.left[p]!)) +
      ',' +
      csvValue(rightId(result.pairs.right[p]!)) +
      ',' +
      (reviewed ? '1' : num(prob)) +
      ',' +
      num(result.weight[p]!);
    for (const w of result.explain(p)) line += ',' + contribution(w);
    return line + ',' + decision;
  });
  return { matches, review: kept - matches };
}

/** `id,cluster_id,weakest_link_probability` for every record (cluster_id = id of its first record). */
export function writeClusters(
  path: string,
  result: LinkageResult,
  id: (record: number) => string,
  records: number,
): { clusters: number } {
  const clusters = result.clusters!;
  let count = 0;
  writeLines(path, 'id,cluster_id,weakest_link_probability', records, (i) => {
    const root = clusters.clusterOf[i]!;
    if (root === i) count++;
    return `${csvValue(id(i))},${csvValue(id(root))},${num(clusters.weakest[i]!)}`;
  });
  return { clusters: count };
}
