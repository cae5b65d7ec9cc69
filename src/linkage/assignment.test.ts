import { describe, expect, it } from 'vitest';
import { oneToOne } from './assignment.js';

describe('oneToOne', () => {
  it('takes pairs by descending probability, each record at most once, ties to the lower pair index', () => {
    // Pairs (left, right): 0 (0,0) 1 (0,1) 2 (1,0) 3 (1,1) 4 (2,2) 5 (2,3) 6 (3,3)
    const left = Int32Array.from([0, 0, 1, 1, 2, 2, 3]);
    const right = Int32Array.from([0, 1, 0, 1, 2, 3, 3]);
    const probability = Float64Array.from([0.6, 0.9, 0.9, 0.5, 0.7, 0.7, 0.99]);
    // 6 (0.99) first; 1 and 2 tie at 0.9 (both kept: disjoint); 4 and 5 tie at 0.7, 5's right record is taken.
    expect(oneToOne([0, 1, 2, 3, 4, 5, 6], left, right, probability)).toEqual([1, 2, 4, 6]);
    // Without 1, pair 2 still takes left 1 and right 0, so 0 and 3 both lose; alone, 0 and 3 are disjoint.
    expect(oneToOne([0, 2, 3], left, right, probability)).toEqual([2]);
    expect(oneToOne([0, 3], left, right, probability)).toEqual([0, 3]);
    expect(oneToOne([], left, right, probability)).toEqual([]);
  });
  it('breaks a tie on one record by the lower pair index', () => {
    const left = Int32Array.from([0, 0]);
    const right = Int32Array.from([0, 1]);
    expect(oneToOne([0, 1], left, right, Float64Array.from([0.8, 0.8]))).toEqual([0]);
  });
});
