import { describe, expect, it } from 'vitest';
import { matchingProbabilities, type MatchingInput } from './matching.js';

type Pair = [left: number, right: number, weight: number];

function run(pairs: Pair[], options: Partial<MatchingInput> = {}): number[] {
  const out = new Float64Array(pairs.length);
  matchingProbabilities(
    {
      weight: Float64Array.from(pairs, (p) => p[2]),
      left: Int32Array.from(pairs, (p) => p[0]),
      right: Int32Array.from(pairs, (p) => p[1]),
      count: pairs.length,
      leftDeduplicated: true,
      rightDeduplicated: true,
      ...options,
    },
    out,
  );
  return [...out];
}

/** Exact marginals by enumerating every set of pairs that uses each record at most once (small graphs). */
function bruteForce(pairs: Pair[]): number[] {
  const marginal = pairs.map(() => 0);
  let total = 0;
  for (let mask = 0; mask < 1 << pairs.length; mask++) {
    const usedLeft = new Set<number>();
    const usedRight = new Set<number>();
    let ok = true;
    let odds = 1;
    pairs.forEach(([l, r, w], p) => {
      if (!(mask & (1 << p))) return;
      if (usedLeft.has(l) || usedRight.has(r)) ok = false;
      usedLeft.add(l);
      usedRight.add(r);
      odds *= 2 ** w;
    });
    if (!ok) continue;
    total += odds;
    pairs.forEach((_, p) => {
      if (mask & (1 << p)) marginal[p]! += odds;
    });
  }
  return marginal.map((m) => m / total);
}

describe('matchingProbabilities', () => {
  it('a lone pair keeps o / (1 + o)', () => {
    expect(run([[0, 0, 3]])[0]).toBeCloseTo(8 / 9, 12);
  });

  it('household context: the father took his row by NIK, so the son row (same name, no NIK) is the son', () => {
    // Persons 0 (father) and 1 (son) share a name and a family card. Row 0 carries the father's NIK (40 bits);
    // row 1 has no NIK: 12 bits to either namesake. The father's row against the son: -20 bits.
    const pairs: Pair[] = [
      [0, 0, 40],
      [1, 0, -20],
      [0, 1, 12],
      [1, 1, 12],
    ];
    const p = run(pairs);
    expect(p[0]).toBeGreaterThan(0.999);
    expect(p[3]).toBeGreaterThan(0.99);
    expect(p[2]).toBeLessThan(0.01);
    // Without the father's row the son row is split between the namesakes.
    const alone = run([
      [0, 1, 12],
      [1, 1, 12],
    ]);
    expect(alone[1]).toBeLessThan(0.5);
    expect(alone[1]).toBeGreaterThan(0.49);
    // The exact marginals (every admissible set of pairs enumerated) agree.
    bruteForce(pairs).forEach((q, i) => expect(p[i]).toBeCloseTo(q, 6));
  });

  it('is exact on a tree of candidates (three namesakes, one taken by another row)', () => {
    const pairs: Pair[] = [
      [0, 0, 9],
      [1, 0, 8],
      [2, 0, 9],
      [2, 1, 15],
      [3, 1, 2],
      [3, 2, 5],
    ];
    const p = run(pairs);
    bruteForce(pairs).forEach((q, i) => expect(p[i]).toBeCloseTo(q, 9));
  });

  it('only the left list deduplicated: a row is split among namesakes, a person may take many rows', () => {
    const pairs: Pair[] = [
      [0, 0, 10],
      [1, 0, 10],
      [0, 1, 10],
    ];
    const p = run(pairs, { rightDeduplicated: false });
    expect(p[0]).toBeCloseTo(1024 / 2049, 12);
    expect(p[1]).toBeCloseTo(1024 / 2049, 12);
    expect(p[2]).toBeCloseTo(1024 / 1025, 12);
  });

  it('rows of different groups do not compete for a person; rows of one group do', () => {
    // Person 0 against rows 0 and 1 (20 bits each).
    const pairs: Pair[] = [
      [0, 0, 20],
      [0, 1, 20],
    ];
    const apart = run(pairs, { rightGroups: Int32Array.from([0, 1]) });
    expect(apart[0]).toBeCloseTo(2 ** 20 / (1 + 2 ** 20), 12);
    const together = run(pairs, { rightGroups: Int32Array.from([0, 0]) });
    expect(together[0]).toBeLessThan(0.5);
    expect(together[0]).toBeCloseTo(2 ** 20 / (1 + 2 ** 21), 12);
  });

  it('a right record with a dominant candidate: no lost digits for the weak one', () => {
    const p = run(
      [
        [0, 0, 60],
        [1, 0, 1],
      ],
      { rightDeduplicated: false },
    );
    // 2 / (1 + 2 + 2^60)
    expect(p[1]! / 2 ** -59).toBeCloseTo(1, 6);
    expect(p[0]).toBe(1 / (1 + 3 / 2 ** 60));
  });
});
