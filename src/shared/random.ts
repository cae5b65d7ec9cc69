/**
 * The project's seeded random numbers, in one module. Two algorithms, each kept because outputs derived from
 * it are published or pinned: `createRng` (sfc32) for synthetic data, demo, pilot randomisation
 * (`entas-randomize/1` re-derives published assignments from it) and resampling; `mulberry32` for the linkage
 * u-sample (its m/u estimates, and so match scores, depend on the exact pairs drawn).
 *
 * A small, fast, seeded pseudo-random generator (sfc32, Chris Doty-Humphrey's Small Fast Counting generator,
 * 128-bit state, passes PractRand) with the helpers synthetic data needs. Same seed ⇒ same sequence on every
 * platform: only 32-bit integer arithmetic is used. Not for cryptography.
 *
 *   const rng = createRng('entas-demo-53-42');
 *   rng.int(1, 6); rng.pick(['a', 'b']); rng.chance(0.03); rng.normal(); rng.fork('village 53.01.01.2001');
 *
 * `fork(label)` derives an independent stream from the current seed and a label without consuming numbers from
 * the parent, so each village (or household) gets its own stream and results do not depend on processing order.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element, uniformly. Throws on an empty list. */
  pick<T>(items: readonly T[]): T;
  /** One element by weight (weights need not sum to 1; all ≥ 0, at least one > 0). */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** Standard normal (mean 0, sd 1), Box–Muller. */
  normal(): number;
  /** Poisson-distributed count with mean `lambda` (Knuth; for the small means used here). */
  poisson(lambda: number): number;
  /** Fisher–Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[];
  /** `k` distinct elements in random order (k is capped at the list length). */
  sample<T>(items: readonly T[], k: number): T[];
  /** An independent generator derived from this one's seed and `label` (does not advance this one). */
  fork(label: string | number): Rng;
}

/** Creates a generator from any string or number seed (hashed to 128 bits with cyrb128). */
export function createRng(seed: string | number): Rng {
  return fromState(String(seed), cyrb128(String(seed)));
}

function fromState(seedText: string, state: [number, number, number, number]): Rng {
  let [a, b, c, d] = state;
  // Warm up so similar seeds diverge.
  const raw = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) raw();
  let spareNormal: number | null = null;
  const rng: Rng = {
    next: () => raw() / 4294967296,
    int: (min, max) => min + Math.floor((raw() / 4294967296) * (max - min + 1)),
    chance: (p) => p > 0 && raw() / 4294967296 < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor((raw() / 4294967296) * items.length)]!;
    },
    weighted: (items) => {
      let total = 0;
      for (const [, w] of items) total += w;
      if (!(total > 0)) throw new Error('weighted pick needs a positive total weight');
      let x = (raw() / 4294967296) * total;
      for (const [item, w] of items) {
        x -= w;
        if (x < 0) return item;
      }
      return items[items.length - 1]![0];
    },
    normal: () => {
      if (spareNormal !== null) {
        const value = spareNormal;
        spareNormal = null;
        return value;
      }
      let u = 0;
      while (u === 0) u = raw() / 4294967296;
      const v = raw() / 4294967296;
      const r = Math.sqrt(-2 * Math.log(u));
      spareNormal = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    poisson: (lambda) => {
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = raw() / 4294967296;
      while (p > limit) {
        k++;
        p *= raw() / 4294967296;
      }
      return k;
    },
    shuffle: (items) => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor((raw() / 4294967296) * (i + 1));
        const tmp = out[i]!;
        out[i] = out[j]!;
        out[j] = tmp;
      }
      return out;
    },
    sample: (items, k) => rng.shuffle(items).slice(0, Math.max(0, k)),
    fork: (label) => {
      const childSeed = `${seedText}/${label}`;
      return fromState(childSeed, cyrb128(childSeed));
    },
  };
  return rng;
}

/** cyrb128 string hash (public domain, bryc): four 32-bit words for seeding. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * mulberry32 (Tommy Ettinger): a 32-bit state generator giving uniforms in [0, 1). Same seed, same sequence on
 * every machine. Used only where its stream is pinned (linkage/u-estimation.ts); new code uses `createRng`.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
