/**
 * Keyed encodings for privacy-preserving record linkage (pure apart from hashing): HMAC-SHA256 of identifiers,
 * and Bloom filters (1024 bits, 15 keyed positions per token) of name bigrams or date parts, compared by the
 * Dice coefficient. Without the key, neither an identifier nor a token can be recovered by hashing guesses.
 */
import { createHmac } from 'node:crypto';

export const BLOOM_BITS = 1024;
const WORDS = BLOOM_BITS / 32;
const POSITIONS = 15;

/** HMAC-SHA256 of a value with the shared key, hex (identifiers, blocking keys). */
export function keyedHash(key: Buffer, value: string, length = 64): string {
  return createHmac('sha256', key).update(value).digest('hex').slice(0, length);
}

/** Bloom filters built with one key; token positions are cached (bigrams and date parts repeat a lot). */
export class BloomEncoder {
  private readonly positions = new Map<string, Uint16Array>();

  constructor(private readonly key: Buffer) {}

  private tokenPositions(token: string): Uint16Array {
    let p = this.positions.get(token);
    if (!p) {
      // Double hashing: position i = h1 + i·h2 (mod bits), h1 and h2 from one keyed digest.
      const digest = createHmac('sha256', this.key).update(`bloom:${token}`).digest();
      const h1 = digest.readUInt32BE(0);
      const h2 = digest.readUInt32BE(4) | 1;
      p = new Uint16Array(POSITIONS);
      for (let i = 0; i < POSITIONS; i++) p[i] = ((h1 + Math.imul(i, h2)) >>> 0) & (BLOOM_BITS - 1);
      this.positions.set(token, p);
    }
    return p;
  }

  encode(tokens: Iterable<string>): Uint32Array {
    const bits = new Uint32Array(WORDS);
    for (const t of tokens) for (const p of this.tokenPositions(t)) bits[p >>> 5]! |= 1 << (p & 31);
    return bits;
  }
}

/** Bigrams of each word padded with "_" (so "ani" gives _a an ni i_): order-insensitive across words. */
export function bigrams(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    const s = `_${w}_`;
    for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  }
  return out;
}

/** Tokens of a date: its parts, pairs of parts (month and day also unordered) and each digit in place. */
export function dateTokens(y: number, m: number, d: number): string[] {
  const s = `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
  const tokens = [
    `y${y}`,
    `m${m}`,
    `d${d}`,
    `ym${y}-${m}`,
    `md${m}-${d}`,
    `dm~${Math.min(m, d)}-${Math.max(m, d)}`,
  ];
  for (let i = 0; i < s.length; i++) tokens.push(`${i}:${s[i]}`);
  return tokens;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function bitCount(a: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) n += popcount(a[i]!);
  return n;
}

/** Dice coefficient 2|A∩B| / (|A| + |B|) of two filters (1 for identical, 0 for disjoint). */
export function dice(a: Uint32Array, b: Uint32Array, countA = bitCount(a), countB = bitCount(b)): number {
  if (countA + countB === 0) return 0;
  let shared = 0;
  for (let i = 0; i < a.length; i++) shared += popcount(a[i]! & b[i]!);
  return (2 * shared) / (countA + countB);
}

export const toBase64 = (bits: Uint32Array): string =>
  Buffer.from(bits.buffer, bits.byteOffset, bits.byteLength).toString('base64');

export function fromBase64(text: string): Uint32Array | null {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== WORDS * 4) return null;
  const out = new Uint32Array(WORDS);
  for (let i = 0; i < WORDS; i++) out[i] = bytes.readUInt32LE(i * 4);
  return out;
}
