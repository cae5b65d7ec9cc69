/**
 * Comparison levels remembered per pair of feature codes (open addressing over typed arrays, no boxed keys):
 * a field with few distinct values compared across many candidate pairs — names on the hard profile at 1 M,
 * 483 k distinct name pairs among 1.36 M compared — computes each distinct pair once. Stops remembering past
 * MAX_ENTRIES (the lookups still answer) so memory stays bounded.
 */
export class PairMemo {
  private keyA: Int32Array;
  private keyB: Int32Array;
  /** Level + 1 per slot (0 = empty). */
  private level: Uint8Array;
  private size = 0;

  constructor(initialSlots = 1 << 16) {
    this.keyA = new Int32Array(initialSlots);
    this.keyB = new Int32Array(initialSlots);
    this.level = new Uint8Array(initialSlots);
  }

  /** The level remembered for (a, b), or -1. */
  get(a: number, b: number): number {
    const mask = this.level.length - 1;
    for (let s = slotOf(a, b) & mask; ; s = (s + 1) & mask) {
      const l = this.level[s]!;
      if (l === 0) return -1;
      if (this.keyA[s] === a && this.keyB[s] === b) return l - 1;
    }
  }

  /** Remembers `level` (0–254) for (a, b), which `get` has just reported absent. */
  set(a: number, b: number, level: number): void {
    if (this.size >= MAX_ENTRIES) return;
    if (2 * (this.size + 1) > this.level.length) this.grow();
    this.place(a, b, level + 1);
    this.size++;
  }

  private place(a: number, b: number, stored: number): void {
    const mask = this.level.length - 1;
    let s = slotOf(a, b) & mask;
    while (this.level[s] !== 0) s = (s + 1) & mask;
    this.keyA[s] = a;
    this.keyB[s] = b;
    this.level[s] = stored;
  }

  private grow(): void {
    const { keyA, keyB, level } = this;
    const slots = level.length * 2;
    this.keyA = new Int32Array(slots);
    this.keyB = new Int32Array(slots);
    this.level = new Uint8Array(slots);
    for (let s = 0; s < level.length; s++) if (level[s] !== 0) this.place(keyA[s]!, keyB[s]!, level[s]!);
  }
}

/**
 * At most this many pairs remembered per memo and thread (9 bytes per slot, at least half the slots free:
 * ≤ 72 MB; the hard profile at 1 M needs 483 k, 9 MB).
 */
const MAX_ENTRIES = 4_000_000;

function slotOf(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ b;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  return h ^ (h >>> 13);
}
