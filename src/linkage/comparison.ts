import type { FieldComparator } from './fields/field.js';
import { PairMemo } from './pair-memo.js';
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
  const out = fields.map(() => new Uint8Array(to - from));
  compareLevelsInto(fields, left, right, pairLeft, pairRight, from, to, out, from);
  return out;
}

/** compareLevels of pairs [from, to) written to out[f][p - shift] (out may be shared between threads). */
export function compareLevelsInto(
  fields: readonly FieldComparator[],
  left: PreparedTable,
  right: PreparedTable,
  pairLeft: Int32Array,
  pairRight: Int32Array,
  from: number,
  to: number,
  out: readonly Uint8Array[],
  shift = 0,
): void {
  fields.forEach((field, f) => {
    const cl = left.codes[f]!;
    const cr = right.codes[f]!;
    const features = left.features[f]!;
    // Equal exact keys agree at level 1 without comparing.
    const exact = left.exact[f];
    const lv = out[f]!;
    if (field.repeats) {
      const memo = memoOf(features);
      for (let p = from; p < to; p++) {
        const a = cl[pairLeft[p]!]!;
        const b = cr[pairRight[p]!]!;
        let level: number;
        if (a < 0 || b < 0) level = 0;
        else if (exact && exact[a] === exact[b]) level = 1;
        else if ((level = memo.get(a, b)) < 0) {
          level = field.compare(features[a], features[b]);
          memo.set(a, b, level);
        }
        lv[p - shift] = level;
      }
      return;
    }
    for (let p = from; p < to; p++) {
      const a = cl[pairLeft[p]!]!;
      const b = cr[pairRight[p]!]!;
      lv[p - shift] =
        a < 0 || b < 0 ? 0 : exact && exact[a] === exact[b] ? 1 : field.compare(features[a], features[b]);
    }
  });
}

/**
 * Per prepared feature list (codes index it, so a memo is valid exactly as long as its features), the levels
 * of feature pairs compared so far (FieldComparator.repeats).
 */
const memos = new WeakMap<readonly unknown[], PairMemo>();
function memoOf(features: readonly unknown[]): PairMemo {
  let memo = memos.get(features);
  if (!memo) memos.set(features, (memo = new PairMemo()));
  return memo;
}

/**
 * Compares pairs [0, count) in chunks claimed from a counter shared with other threads doing the same
 * (Atomics.add on counter[0]), so that a thread that starts late or runs slower takes fewer chunks.
 */
export function compareClaimedChunks(
  fields: readonly FieldComparator[],
  left: PreparedTable,
  right: PreparedTable,
  pairLeft: Int32Array,
  pairRight: Int32Array,
  count: number,
  out: readonly Uint8Array[],
  counter: Int32Array,
): void {
  for (;;) {
    const from = Atomics.add(counter, 0, COMPARE_CHUNK);
    if (from >= count) return;
    compareLevelsInto(
      fields,
      left,
      right,
      pairLeft,
      pairRight,
      from,
      Math.min(count, from + COMPARE_CHUNK),
      out,
    );
  }
}

/** Pairs per claimed chunk: small enough to balance two threads, large enough that claiming costs nothing. */
const COMPARE_CHUNK = 1 << 14;

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
