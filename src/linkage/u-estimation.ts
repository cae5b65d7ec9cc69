import { compareLevels } from './comparison.js';
import type { FieldComparator } from './fields/field.js';
import { seededRandom } from './random.js';
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
  const rand = seededRandom(seed);
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

function valueCounts(
  field: FieldComparator,
  features: readonly unknown[],
): { counts: Map<string, number>; n: number } {
  const counts = new Map<string, number>();
  let n = 0;
  for (const f of features) {
    if (f === null || f === undefined) continue;
    const key = field.exactKey!(f);
    counts.set(key, (counts.get(key) ?? 0) + 1);
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
  if (!field.exactKey) return null;
  const a = valueCounts(field, left.features[f]!);
  if (right === null) {
    if (a.n < 2) return null;
    let s = 0;
    for (const c of a.counts.values()) s += c * (c - 1);
    return s / (a.n * (a.n - 1));
  }
  const b = valueCounts(field, right.features[f]!);
  if (a.n === 0 || b.n === 0) return null;
  let s = 0;
  for (const [v, c] of a.counts) s += c * (b.counts.get(v) ?? 0);
  return s / (a.n * b.n);
}

/** Relative frequency of each exact value over both tables (term-frequency adjustment). */
export function termFrequencies(
  field: FieldComparator,
  f: number,
  left: PreparedTable,
  right: PreparedTable | null,
): Map<string, number> {
  const a = valueCounts(field, left.features[f]!);
  const counts = a.counts;
  let n = a.n;
  if (right) {
    const b = valueCounts(field, right.features[f]!);
    for (const [v, c] of b.counts) counts.set(v, (counts.get(v) ?? 0) + c);
    n += b.n;
  }
  const tf = new Map<string, number>();
  for (const [v, c] of counts) tf.set(v, c / n);
  return tf;
}
