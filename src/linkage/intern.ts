/**
 * Interning without per-record strings or boxed keys: a dictionary of byte strings (CSV fields hashed where
 * they lie in the file buffer; only distinct values are decoded) and dense ids for pairs of ints (combined
 * blocking keys, multi-column feature tuples). Both are deterministic, so two runs over the same input produce
 * the same codes (the worker thread relies on this).
 */

/** FNV-1a over bytes[start, end). */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

/** Byte strings copied end to end into one growing buffer (CSV fields outliving the file buffer). */
export class ByteArena {
  /** The bytes so far; replaced by a bigger buffer as it fills, so read it again after `append`. */
  bytes: Buffer;
  private used = 0;

  constructor(initialBytes = 1 << 16) {
    this.bytes = Buffer.allocUnsafe(initialBytes);
  }

  /** Copies from[start, end) to the end of the arena; returns where the copy starts. */
  append(from: Uint8Array, start: number, end: number): number {
    const len = end - start;
    if (this.used + len > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + len));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    const to = this.bytes;
    const at = this.used;
    for (let k = 0; k < len; k++) to[at + k] = from[start + k]!;
    this.used += len;
    return at;
  }

  /** The UTF-8 string at [start, end) (ASCII decoded as Latin-1, which is faster). */
  decode(start: number, end: number): string {
    const bytes = this.bytes;
    let ascii = 0;
    for (let k = start; k < end; k++) ascii |= bytes[k]!;
    // Node's decoders called directly (src/types/node-buffer-slices.d.ts says why and what it measured).
    return ascii < 128 ? bytes.latin1Slice(start, end) : bytes.utf8Slice(start, end);
  }
}

/** Distinct byte strings → codes; `values[code]` is the decoded (UTF-8) string. */
export class ByteDictionary {
  readonly values: string[] = [];
  /** Open addressing, two ints per slot: code + 1 (0 = empty) and the hash. */
  private slots: Int32Array;
  /** Two ints per code: start and end in the arena. */
  private spans: Int32Array;
  private readonly arena = new ByteArena();

  /** `expected`: distinct values to make room for up front (ids: one per row), so the table is not rebuilt. */
  constructor(expected = 0) {
    let slots = 1 << 12;
    while (slots < 2 * expected) slots <<= 1;
    this.slots = new Int32Array(2 * slots);
    this.spans = new Int32Array(Math.max(2 << 10, 2 * expected));
  }

  get size(): number {
    return this.values.length;
  }

  /** Code of bytes[start, end) (hash = hashBytes of the same range), adding it when new. */
  code(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const len = end - start;
    const h = hash | 0;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const slot = slots[2 * s]!;
      if (slot === 0) break;
      if (slots[2 * s + 1] !== h) continue;
      const c = slot - 1;
      const a = this.spans[2 * c]!;
      if (this.spans[2 * c + 1]! - a !== len) continue;
      const arena = this.arena.bytes;
      let k = 0;
      while (k < len && arena[a + k] === bytes[start + k]) k++;
      if (k === len) return c;
    }
    return this.add(bytes, start, end, h);
  }

  /** Whether `code` is the value bytes[start, end). */
  holds(code: number, bytes: Uint8Array, start: number, end: number): boolean {
    const a = this.spans[2 * code]!;
    const len = end - start;
    if (this.spans[2 * code + 1]! - a !== len) return false;
    const arena = this.arena.bytes;
    for (let k = 0; k < len; k++) if (arena[a + k] !== bytes[start + k]) return false;
    return true;
  }

  private add(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const c = this.values.length;
    if (2 * c === this.spans.length) this.spans = grow(this.spans, 4 * c);
    const at = this.arena.append(bytes, start, end);
    this.spans[2 * c] = at;
    this.spans[2 * c + 1] = at + end - start;
    this.values.push(this.arena.decode(at, at + end - start));
    // Grow before placing the new code: the rehash moves only the codes already placed.
    if ((c + 1) * 2 > this.slots.length >> 1) this.rehash(this.slots.length * 2);
    this.place(c, hash);
    return c;
  }

  private place(c: number, hash: number): void {
    const mask = (this.slots.length >> 1) - 1;
    let s = hash & mask;
    while (this.slots[2 * s] !== 0) s = (s + 1) & mask;
    this.slots[2 * s] = c + 1;
    this.slots[2 * s + 1] = hash;
  }

  private rehash(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(size);
    for (let s = 0; s < old.length; s += 2) if (old[s] !== 0) this.place(old[s]! - 1, old[s + 1]!);
  }
}

/** A copy of `a` in a new typed array of `size` elements. */
export function grow<T extends Int32Array | Uint32Array | Uint8Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/**
 * Dense ids for per-record pairs of ids (each ≥ 0, or -1 = none), over several tables at once so that equal pairs
 * get equal ids in all of them; a record with -1 in either gets -1. The records are grouped by their first id
 * (a counting sort); within a group, a second id gets the next id where it first appears, remembered in arrays
 * indexed by the second id and stamped with the group. A few passes over small arrays instead of a hash table
 * with a cache miss per record.
 */
export function densePairIds(
  a: readonly Int32Array[],
  b: readonly Int32Array[],
): { ids: Int32Array[]; count: number } {
  let total = 0;
  for (const t of a) total += t.length;
  // Both tables' records as one sequence; first ids shifted by one (0 = none).
  const first = new Int32Array(total);
  const second = new Int32Array(total);
  let maxFirst = 0;
  let maxSecond = -1;
  let g = 0;
  a.forEach((ta, t) => {
    const tb = b[t]!;
    for (let i = 0; i < ta.length; i++, g++) {
      const x = ta[i]!;
      const y = tb[i]!;
      if (x < 0 || y < 0) continue;
      first[g] = x + 1;
      second[g] = y;
      if (x + 1 > maxFirst) maxFirst = x + 1;
      if (y > maxSecond) maxSecond = y;
    }
  });
  // Few possible pairs (a tuple id with sex, a first name with a birth year): one pass over a direct table.
  const possible = maxFirst * (maxSecond + 1);
  if (possible <= DIRECT_PAIRS && possible <= 4 * total)
    return directPairIds(a, first, second, maxSecond + 1, possible);
  const start = new Int32Array(maxFirst + 2);
  for (g = 0; g < total; g++) start[first[g]! + 1]!++;
  for (let x = 0; x <= maxFirst; x++) start[x + 1]! += start[x]!;
  const order = new Int32Array(total);
  const fill = start.slice(0, maxFirst + 1);
  for (g = 0; g < total; g++) order[fill[first[g]!]!++] = g;
  const out = new Int32Array(total).fill(-1);
  const stamp = new Int32Array(maxSecond + 1);
  const idOf = new Int32Array(maxSecond + 1);
  let count = 0;
  for (let x = 1; x <= maxFirst; x++)
    for (let p = start[x]!; p < start[x + 1]!; p++) {
      const r = order[p]!;
      const y = second[r]!;
      if (stamp[y] !== x) {
        stamp[y] = x;
        idOf[y] = count++;
      }
      out[r] = idOf[y]!;
    }
  let offset = 0;
  const ids = a.map((t) => {
    const ids = out.slice(offset, offset + t.length);
    offset += t.length;
    return ids;
  });
  return { ids, count };
}

/** Up to this many possible pairs, densePairIds numbers them through a table indexed by the pair (≤ 16 MB). */
const DIRECT_PAIRS = 1 << 22;

function directPairIds(
  tables: readonly Int32Array[],
  first: Int32Array,
  second: Int32Array,
  width: number,
  possible: number,
): { ids: Int32Array[]; count: number } {
  const idOf = new Int32Array(possible).fill(-1);
  let count = 0;
  let g = 0;
  const ids = tables.map((t) => {
    const out = new Int32Array(t.length);
    for (let i = 0; i < t.length; i++, g++) {
      const x = first[g]!;
      if (x === 0) {
        out[i] = -1;
        continue;
      }
      const slot = (x - 1) * width + second[g]!;
      let id = idOf[slot]!;
      if (id < 0) idOf[slot] = id = count++;
      out[i] = id;
    }
    return out;
  });
  return { ids, count };
}
