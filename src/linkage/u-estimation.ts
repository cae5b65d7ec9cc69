import { compareLevels } from './comparison.js';
import type { FieldComparator } from './fields/field.js';
import { mulberry32 } from '../shared/random.js';
import type { PreparedTable } from './record-table.js';

/**
 * u-probabilities (P(level | non-match)) from random record pairs, which are almost all non-matches. The
 * exact level of plain-equality fields is computed exactly from value frequencies (Σ pL(v)·pR(v)), since rare
 * agreement (NIK) is seldom seen in a sample; the other levels share the rest in the sample's proportions.
 * Returns u[f][level] for levels 1..k (index 0 unused).
 */
export function estimateU(
  fields: readonly FieldComparator[],
  left: PreparedTable,
  right: PreparedTable | null,
  sample: number,
  seed = 1,
): Float64Array[] {
  const dedupe = right === null;
  const r = right ?? left;
  const total = dedupe ? (left.size * (left.size - 1)) / 2 : left.size * r.size;
  const n = Math.max(0, Math.min(sample, total));
  const rand = mulberry32(seed);
  const pl = new Int32Array(n);
  const pr = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const i = Math.floor(rand() * left.size);
    let j = Math.floor(rand() * r.size);
    if (dedupe && j === i) j = (j + 1) % r.size;
    pl[p] = i;
    pr[p] = j;
  }
  const levels = compareLevels(fields, left, r, pl, pr);
  return fields.map((field, f) => {
    const k = field.levels.length;
    const counts = new Float64Array(k + 1);
    for (const l of levels[f]!) counts[l]!++;
    const u = new Float64Array(k + 1);
    const nonNull = n - counts[0]!;
    const exact = exactAgreement(field, f, left, right);
    if (exact !== null) {
      const rest = nonNull - counts[1]!;
      u[1] = Math.max(exact, 1e-9);
      for (let l = 2; l <= k; l++) u[l] = ((1 - u[1]) * (counts[l]! + 0.5)) / (rest + 0.5 * (k - 1));
    } else {
      for (let l = 1; l <= k; l++) u[l] = (counts[l]! + 0.5) / (nonNull + 0.5 * k);
    }
    return u;
  });
}

/** How many records hold each exact value (by exact number, see PreparedTable), and how many have one. */
function exactCounts(f: number, table: PreparedTable): { counts: Float64Array; n: number } {
  const exact = table.exact[f]!;
  let classes = 0;
  for (const c of exact) if (c >= classes) classes = c + 1;
  const counts = new Float64Array(classes);
  let n = 0;
  for (const c of table.codes[f]!) {
    if (c < 0) continue;
    counts[exact[c]!]!++;
    n++;
  }
  return { counts, n };
}

/** P(two random records agree exactly on the field), from value frequencies; null for derived fields. */
function exactAgreement(
  field: FieldComparator,
  f: number,
  left: PreparedTable,
  right: PreparedTable | null,
): number | null {
  if (!field.exactKey || !left.exact[f]) return null;
  const a = exactCounts(f, left);
  if (right === null) {
    if (a.n < 2) return null;
    let s = 0;
    for (const c of a.counts) s += c * (c - 1);
    return s / (a.n * (a.n - 1));
  }
  const b = exactCounts(f, right);
  if (a.n === 0 || b.n === 0) return null;
  let s = 0;
  for (let v = 0; v < a.counts.length; v++) s += a.counts[v]! * b.counts[v]!;
  return s / (a.n * b.n);
}

/**
 * Relative frequency of each exact value (indexed by its exact number, see PreparedTable) over both tables
 * (term-frequency adjustment).
 */
export function termFrequencies(f: number, left: PreparedTable, right: PreparedTable | null): Float64Array {
  const { counts, n: nl } = exactCounts(f, left);
  let n = nl;
  if (right) {
    const b = exactCounts(f, right);
    for (let v = 0; v < counts.length; v++) counts[v]! += b.counts[v]!;
    n += b.n;
  }
  for (let v = 0; v < counts.length; v++) counts[v]! /= n;
  return counts;
}
