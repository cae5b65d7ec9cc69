import type { FieldComparator } from './fields/field.js';
import type { PreparedTable } from './record-table.js';

/**
 * Comparison levels of pairs, one Uint8Array per field (0 = missing on either side, else 1..k).
 * Pairs are given as index arrays into `left` and `right` (same table when deduplicating).
 */
export function compareLevels(
  fields: readonly FieldComparator[],
  left: PreparedTable,
  right: PreparedTable,
  pairLeft: Int32Array,
  pairRight: Int32Array,
  from = 0,
  to = pairLeft.length,
): Uint8Array[] {
  return fields.map((field, f) => {
    const cl = left.codes[f]!;
    const cr = right.codes[f]!;
    const features = left.features[f]!;
    // Equal exact keys agree at level 1 without comparing.
    const exact = left.exact[f];
    const out = new Uint8Array(to - from);
    for (let p = from; p < to; p++) {
      const a = cl[pairLeft[p]!]!;
      const b = cr[pairRight[p]!]!;
      out[p - from] =
        a < 0 || b < 0 ? 0 : exact && exact[a] === exact[b] ? 1 : field.compare(features[a], features[b]);
    }
    return out;
  });
}

/** Identical level vectors counted once: EM and prior estimation then run over a few thousand rows. */
export interface VectorCounts {
  /** vectors[v * fieldCount + f] = level */
  vectors: Uint8Array;
  counts: Float64Array;
  size: number;
}

export function aggregateVectors(
  levels: readonly Uint8Array[],
  pairs: Iterable<number> | null,
  pairCount: number,
): VectorCounts {
  const nf = levels.length;
  const radix = levels.map(() => 0);
  let mult = 1;
  for (let f = 0; f < nf; f++) {
    radix[f] = mult;
    mult *= 16;
  }
  const index = new Map<number, number>();
  const keys: number[] = [];
  const counts: number[] = [];
  const add = (p: number) => {
    let key = 0;
    for (let f = 0; f < nf; f++) key += levels[f]![p]! * radix[f]!;
    const v = index.get(key);
    if (v === undefined) {
      index.set(key, keys.length);
      keys.push(key);
      counts.push(1);
    } else counts[v]!++;
  };
  if (pairs) for (const p of pairs) add(p);
  else for (let p = 0; p < pairCount; p++) add(p);
  const vectors = new Uint8Array(keys.length * nf);
  keys.forEach((key, v) => {
    for (let f = 0; f < nf; f++) vectors[v * nf + f] = Math.floor(key / radix[f]!) % 16;
  });
  return { vectors, counts: Float64Array.from(counts), size: keys.length };
}
