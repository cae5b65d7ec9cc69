import crypto from 'node:crypto';

/**
 * HMAC-SHA256 of short ASCII messages (≤ 55 bytes) under one fixed 256-bit key, as the first 50 bits of the tag —
 * exactly the bits `crypto.createHmac('sha256', key).update(message).digest()` starts with (record-ref.test.ts
 * compares them), at a fraction of the cost: a list page shows 50 record references, and creating a Node Hmac
 * object per reference was a fifth of the list's CPU (bench:api).
 *
 * Why it is cheap: HMAC(k, m) = H((k ⊕ opad) ‖ H((k ⊕ ipad) ‖ m)). The first 64-byte block of each hash depends
 * on the key alone, so its SHA-256 state (the "midstate") is computed once per key; each tag then costs two
 * compressions (FIPS 180-4 §6.2.2) on preallocated arrays and no allocation. SHA-256 has no secret-dependent
 * branches or table look-ups, so this JavaScript compression leaks no more through timing than OpenSSL's.
 */
export class ShortHmac {
  private readonly inner: Int32Array;
  private readonly outer: Int32Array;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error(`ShortHmac: expected a 256-bit key, got ${key.length} bytes`);
    const pad = (byte: number) => {
      const block = new Int32Array(16);
      for (let i = 0; i < 16; i++) {
        let word = 0;
        for (let j = 0; j < 4; j++) word = (word << 8) | (((key[i * 4 + j] ?? 0) ^ byte) & 0xff);
        block[i] = word;
      }
      const state = Int32Array.from(INITIAL_STATE);
      compress(state, block);
      return state;
    };
    this.inner = pad(0x36);
    this.outer = pad(0x5c);
  }

  /** The tag's first 50 bits as a number (bit 49 is the tag's first bit). */
  first50Bits(message: string): number {
    const length = message.length;
    if (length > 55) throw new Error(`ShortHmac: message of ${length} characters (at most 55)`);
    // Inner hash: the message, the 0x80 terminator and the bit length of ipad block + message, in one block.
    BLOCK.fill(0);
    for (let i = 0; i < length; i++) {
      const code = message.charCodeAt(i);
      if (code > 0x7f) throw new Error('ShortHmac: ASCII messages only');
      BLOCK[i >> 2] = BLOCK[i >> 2]! | (code << (24 - 8 * (i & 3)));
    }
    BLOCK[length >> 2] = BLOCK[length >> 2]! | (0x80 << (24 - 8 * (length & 3)));
    BLOCK[15] = (64 + length) * 8;
    STATE.set(this.inner);
    compress(STATE, BLOCK);
    // Outer hash: the 32-byte inner digest after the opad block.
    BLOCK.fill(0);
    BLOCK.set(STATE);
    BLOCK[8] = 0x80000000 | 0;
    BLOCK[15] = (64 + 32) * 8;
    STATE.set(this.outer);
    compress(STATE, BLOCK);
    // 32 bits of the first word and the top 18 of the second: below 2^53, so exact as a number.
    return (STATE[0]! >>> 0) * 2 ** 18 + (STATE[1]! >>> 14);
  }
}

/** HMAC-SHA256 with Node's implementation, for deriving a key once (not on the hot path). */
export function hmacSha256(key: Buffer, message: string): Buffer {
  return crypto.createHmac('sha256', key).update(message).digest();
}

const INITIAL_STATE = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/** The first 32 bits of the fractional parts of the cube roots of the first 64 primes (FIPS 180-4 §4.2.2). */
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

// Scratch space: tags are computed synchronously, one at a time.
const BLOCK = new Int32Array(16);
const STATE = new Int32Array(8);
const W = new Int32Array(64);

/** One SHA-256 compression of the 16-word big-endian `block` into `state` (FIPS 180-4 §6.2.2). */
function compress(state: Int32Array, block: Int32Array): void {
  for (let t = 0; t < 16; t++) W[t] = block[t]!;
  for (let t = 16; t < 64; t++) {
    const w15 = W[t - 15]!;
    const w2 = W[t - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[t] = (W[t - 16]! + s0 + W[t - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[t]! + W[t]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}
