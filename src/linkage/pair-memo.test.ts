import { describe, expect, it } from 'vitest';
import { compareClaimedChunks, compareLevels } from './comparison.js';
import { nameField } from './fields/name-field.js';
import { PairMemo } from './pair-memo.js';
import type { PreparedTable } from './record-table.js';

describe('PairMemo', () => {
  it('remembers levels per ordered pair of codes across growth', () => {
    const memo = new PairMemo(4);
    for (let a = 0; a < 300; a++) for (let b = 0; b < 3; b++) memo.set(a, b, (a + b) % 7);
    for (let a = 0; a < 300; a++) for (let b = 0; b < 3; b++) expect(memo.get(a, b)).toBe((a + b) % 7);
    expect(memo.get(3, 0)).toBe(3);
    expect(memo.get(0, 3)).toBe(-1);
  });
});

/** One name field prepared over `names`, record i holding names[i]; pairs (i, j) of every record with every other. */
function namesTable(names: string[]) {
  const field = nameField('name');
  const features = names.map((n) => field.prepare([n]));
  const sorted = new Map<string, number>();
  const exact = Int32Array.from(features, (f) => {
    const key = field.exactKey!(f);
    if (!sorted.has(key)) sorted.set(key, sorted.size);
    return sorted.get(key)!;
  });
  const table: PreparedTable = {
    size: names.length,
    codes: [Int32Array.from(names, (_, i) => i)],
    features: [features],
    exact: [exact],
    unusable: [0],
  };
  const left: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < names.length; i++)
    for (let j = 0; j < names.length; j++) {
      left.push(i);
      right.push(j);
    }
  return { field, table, left: Int32Array.from(left), right: Int32Array.from(right) };
}

describe('compareLevels with remembered name levels', () => {
  const names = [
    'Siti Aminah',
    'Aminah Siti',
    'Siti Aminah',
    'Sri Wahyuni',
    'Sri Wahyu',
    'M. Rizki',
    'Muhammad Rizky',
  ];
  it('gives the levels the comparator gives, in one pass or in claimed chunks', () => {
    const { field, table, left, right } = namesTable(names);
    const expected = Array.from(left, (i, p) => {
      const a = table.features[0]![i]!;
      const b = table.features[0]![right[p]!]!;
      return table.exact[0]![i] === table.exact[0]![right[p]!] ? 1 : field.compare(a, b);
    });
    // Twice: the second pass reads the remembered levels.
    expect([...compareLevels([field], table, table, left, right)[0]!]).toEqual(expected);
    expect([...compareLevels([field], table, table, left, right)[0]!]).toEqual(expected);
    const out = [new Uint8Array(left.length)];
    compareClaimedChunks([field], table, table, left, right, left.length, out, new Int32Array(1));
    expect([...out[0]!]).toEqual(expected);
  });
});
