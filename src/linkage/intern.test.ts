import { describe, expect, it } from 'vitest';
import { ByteDictionary, densePairIds, hashBytes } from './intern.js';

describe('densePairIds', () => {
  it('gives equal pairs equal ids across tables, distinct pairs distinct dense ids, and -1 to incomplete pairs', () => {
    const a = [Int32Array.from([3, 0, 3, -1, 7, 0]), Int32Array.from([0, 3, 7, 2])];
    const b = [Int32Array.from([5, 5, 5, 1, 0, -1]), Int32Array.from([5, 2, 0, 4])];
    const { ids, count } = densePairIds(a, b);
    const pairs = new Map<string, number>();
    a.forEach((ta, t) =>
      ta.forEach((x, i) => {
        const y = b[t]![i]!;
        const id = ids[t]![i]!;
        if (x < 0 || y < 0) return expect(id).toBe(-1);
        expect(id).toBeGreaterThanOrEqual(0);
        expect(id).toBeLessThan(count);
        const key = `${x},${y}`;
        if (pairs.has(key)) expect(id).toBe(pairs.get(key));
        pairs.set(key, id);
      }),
    );
    expect(count).toBe(pairs.size);
    expect(new Set(pairs.values()).size).toBe(pairs.size);
    expect(pairs.size).toBe(5); // (3,5) (0,5) (7,0) (3,2) (2,4)
  });
  it('numbers pairs the same way whether few pairs are possible (direct table) or many (sorted)', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (const [range, length] of [
      [3, 500], // 4 × 3 possible pairs, many records: direct table
      [400, 300], // far more possible pairs than records: sorted
    ] as const) {
      const table = () => Int32Array.from({ length }, () => rand(range + 1) - 1);
      const a = [table(), table()];
      const b = [table(), table()];
      const { ids, count } = densePairIds(a, b);
      const expected = new Map<string, number>();
      a.forEach((ta, t) =>
        ta.forEach((x, i) => {
          const y = b[t]![i]!;
          const id = ids[t]![i]!;
          if (x < 0 || y < 0) return expect(id).toBe(-1);
          const key = `${x},${y}`;
          if (!expected.has(key)) expected.set(key, id);
          expect(id).toBe(expected.get(key));
        }),
      );
      expect(count).toBe(expected.size);
      expect([...expected.values()].sort((x, y) => x - y)).toEqual([...Array(count).keys()]);
    }
  });
});

describe('ByteDictionary', () => {
  it('gives each distinct value one code, also for the values added when the table grows', () => {
    const dictionary = new ByteDictionary();
    const bytes = (i: number) => Buffer.from(`value-${i}`);
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const b = bytes(i);
      expect(dictionary.code(b, 0, b.length, hashBytes(b, 0, b.length))).toBe(i);
    }
    for (let i = 0; i < n; i++) {
      const b = bytes(i);
      expect(dictionary.code(b, 0, b.length, hashBytes(b, 0, b.length))).toBe(i);
    }
    expect(dictionary.size).toBe(n);
    expect(new Set(dictionary.values).size).toBe(n);
  });
  it('sized up front, gives the same codes', () => {
    const sized = new ByteDictionary(5_000);
    for (let i = 0; i < 20_000; i++) {
      const b = Buffer.from(`v${i % 7_000}`);
      expect(sized.code(b, 0, b.length, hashBytes(b, 0, b.length))).toBe(i % 7_000);
    }
    expect(sized.size).toBe(7_000);
  });
});
