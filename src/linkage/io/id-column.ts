/**
 * The id column of a large file: each row's id bytes kept in one arena (decoded only when output needs them)
 * and checked for duplicates once the file is read, by sorting the ids' hashes — no hash table probed with a
 * cache miss per row. Only rows whose hash occurs twice (a few hundred hash collisions in a million) are
 * compared as strings.
 */
import { ByteArena, grow } from '../intern.js';

export class IdColumn {
  private readonly arena: ByteArena;
  /** Per row: start and end in the arena. */
  private spans: Int32Array;
  private hashes: Uint32Array;
  private rows = 0;

  constructor(expectedRows: number) {
    this.arena = new ByteArena(Math.max(1 << 16, expectedRows * 8));
    this.spans = new Int32Array(2 * Math.max(1, expectedRows));
    this.hashes = new Uint32Array(Math.max(1, expectedRows));
  }

  get size(): number {
    return this.rows;
  }

  /** Appends the next row's id, bytes[start, end) with its FNV-1a hash. */
  push(bytes: Uint8Array, start: number, end: number, hash: number): void {
    const row = this.rows++;
    if (row === this.hashes.length) {
      this.spans = grow(this.spans, this.spans.length * 2);
      this.hashes = grow(this.hashes, this.hashes.length * 2);
    }
    const at = this.arena.append(bytes, start, end);
    this.spans[2 * row] = at;
    this.spans[2 * row + 1] = at + end - start;
    this.hashes[row] = hash;
  }

  /** Row `row`'s id. */
  id(row: number): string {
    return this.arena.decode(this.spans[2 * row]!, this.spans[2 * row + 1]!);
  }

  /** The first row (in file order) whose id an earlier row already has, or -1. */
  firstDuplicate(): number {
    const sorted = this.hashes.slice(0, this.rows).sort();
    const shared = new Set<number>();
    for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) shared.add(sorted[i]!);
    if (shared.size === 0) return -1;
    const seen = new Set<string>();
    for (let row = 0; row < this.rows; row++) {
      if (!shared.has(this.hashes[row]!)) continue;
      const id = this.id(row);
      if (seen.has(id)) return row;
      seen.add(id);
    }
    return -1;
  }
}
