import { describe, expect, it } from 'vitest';
import { calibrationTable, greedyOneToOne } from './evaluate.js';

describe('evaluation helpers', () => {
  it('calibration: predicted and observed match rate per band, empty bands left out, 1 in the last band', () => {
    const table = calibrationTable([0.05, 0.55, 0.58, 1, 0.9995], [false, true, false, true, true]);
    expect(table).toEqual([
      { from: 0, to: 0.1, pairs: 1, predicted: 0.05, observed: 0 },
      { from: 0.5, to: 0.6, pairs: 2, predicted: (0.55 + 0.58) / 2, observed: 0.5 },
      { from: 0.999, to: 1, pairs: 2, predicted: (1 + 0.9995) / 2, observed: 1 },
    ]);
  });
  it('greedy one-to-one keeps the most probable pair of each record', () => {
    expect(greedyOneToOne(['a', 'a', 'b', 'c'], ['x', 'y', 'x', 'z'], [0.9, 0.8, 0.95, 0.5])).toEqual([
      1, 2, 3,
    ]);
  });
});
