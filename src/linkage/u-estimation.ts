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
    const parent =
      field.within === undefined
        ? -1
        : fields.findIndex((g) => g.columns.length === 1 && g.columns[0] === field.within);
    const within =
      parent >= 0
        ? withinU(fields, f, parent, left, right, sample, seed)
        : field.type === 'nik'
          ? districtU(fields, f, left, right, sample, seed)
          : null;
    if (within) return within;
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

/**
 * u of a field compared within agreement on another (FieldComparator.within): random pairs agree there too
 * seldom (1 in thousands of villages) to show how often non-matches that do agree reach each level, so those
 * pairs are drawn within the same value of the other field; the exact level comes from value frequencies. The
 * result is joint like any u (P(agree there and reach the level); last level: not agreeing there), so EM and
 * the prior treat the field as usual and bayesFactors (model.ts) conditions it. Null when the other field has
 * no exact key.
 */
function withinU(
  fields: readonly FieldComparator[],
  f: number,
  parent: number,
  left: PreparedTable,
  right: PreparedTable | null,
  sample: number,
  seed: number,
): Float64Array | null {
  const r = right ?? left;
  const leftClass = left.exact[parent];
  const rightClass = r.exact[parent];
  if (!leftClass || !rightClass) return null;
  const groups = (t: PreparedTable, cls: Int32Array) => groupOf(t.codes[parent]!, cls);
  const within = sameGroupU(
    fields[f]!,
    f,
    left,
    right,
    groups(left, leftClass),
    groups(r, rightClass),
    sample,
    seed,
  );
  if (!within) return null;
  const { u, same } = within;
  const k = fields[f]!.levels.length;
  for (let l = 1; l < k; l++) u[l]! *= same;
  u[k] = 1 - same;
  return u;
}

/**
 * u of a NIK among pairs of one district. A NIK begins with its district's code, so NIKs a digit or two apart
 * are nearly always of one district, as are the candidate pairs; from random pairs (mostly of different
 * districts) their u was that of the district too, which the region field already counts (hard profile, 1 M:
 * a one-digit-off NIK of a neighbour in the district carried the district's ~8 bits twice). Null without a
 * region field.
 */
function districtU(
  fields: readonly FieldComparator[],
  f: number,
  left: PreparedTable,
  right: PreparedTable | null,
  sample: number,
  seed: number,
): Float64Array | null {
  const region = fields.findIndex((g) => g.type === 'region' && g.columns.length === 1);
  if (region < 0) return null;
  const r = right ?? left;
  const ids = new Map<string, number>();
  const keyOf = Int32Array.from(left.features[region]!, (feature) => {
    const key = fields[region]!.blockKey(feature, 'district');
    if (key === null) return -1;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  });
  const groups = (t: PreparedTable) => groupOf(t.codes[region]!, keyOf);
  return sameGroupU(fields[f]!, f, left, right, groups(left), groups(r), sample, seed)?.u ?? null;
}

/**
 * P(level | both records in one group), from pairs drawn within groups (group -1: none), the exact level from
 * value frequencies; and `same`, P(two random records share a group).
 */
function sameGroupU(
  field: FieldComparator,
  f: number,
  left: PreparedTable,
  right: PreparedTable | null,
  leftGroup: Int32Array,
  rightGroup: Int32Array,
  sample: number,
  seed: number,
): { u: Float64Array; same: number } | null {
  const r = right ?? left;
  let groupCount = 0;
  for (const g of leftGroup) if (g >= groupCount) groupCount = g + 1;
  for (const g of rightGroup) if (g >= groupCount) groupCount = g + 1;
  // Right records per group (CSR: start[g] .. start[g + 1] in members).
  const start = new Int32Array(groupCount + 2);
  for (const g of rightGroup) if (g >= 0) start[g + 2]!++;
  for (let c = 2; c < start.length; c++) start[c]! += start[c - 1]!;
  const members = new Int32Array(start[start.length - 1]!);
  for (let j = 0; j < r.size; j++) if (rightGroup[j]! >= 0) members[start[rightGroup[j]! + 1]!++] = j;
  let leftGrouped = 0;
  let shared = 0;
  const leftCounts = new Float64Array(groupCount);
  for (const g of leftGroup) if (g >= 0) leftCounts[g]!++;
  for (let g = 0; g < groupCount; g++) {
    leftGrouped += leftCounts[g]!;
    shared += leftCounts[g]! * (start[g + 1]! - start[g]!);
  }
  const rightGrouped = members.length;
  if (leftGrouped === 0 || rightGrouped === 0 || shared === 0) return null;
  const same = right === null ? shared / (leftGrouped * leftGrouped) : shared / (leftGrouped * rightGrouped);
  const k = field.levels.length;
  const counts = new Float64Array(k + 1);
  const rand = mulberry32(seed + 1);
  const fl = left.codes[f]!;
  const fr = r.codes[f]!;
  const features = left.features[f]!;
  const exact = left.exact[f];
  let drawn = 0;
  for (let tries = 0; tries < 4 * sample && drawn < sample; tries++) {
    const i = Math.floor(rand() * left.size);
    const g = leftGroup[i]!;
    if (g < 0) continue;
    const size = start[g + 1]! - start[g]!;
    if (size === 0) continue;
    const j = members[start[g]! + Math.floor(rand() * size)]!;
    if (right === null && j === i) continue;
    const a = fl[i]!;
    const b = fr[j]!;
    if (a < 0 || b < 0) continue;
    counts[exact && exact[a] === exact[b] ? 1 : field.compare(features[a], features[b])]!++;
    drawn++;
  }
  const u = new Float64Array(k + 1);
  const exactShare = exactAgreement(field, f, left, right);
  const first = Math.min(
    exactShare !== null ? exactShare / same : (counts[1]! + 0.5) / (drawn + 0.5 * k),
    0.99,
  );
  let rest = 0;
  for (let l = 2; l <= k; l++) rest += counts[l]!;
  u[1] = Math.max(first, 1e-9);
  for (let l = 2; l <= k; l++) u[l] = ((1 - first) * (counts[l]! + 0.5)) / (rest + 0.5 * (k - 1));
  return { u, same };
}

/** Each record's group: the group of its feature code (-1 without one). A loop: Int32Array.from with a mapping
 * function took seconds over a million records. */
function groupOf(codes: Int32Array, groupOfCode: Int32Array): Int32Array {
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    out[i] = c < 0 ? -1 : groupOfCode[c]!;
  }
  return out;
}
