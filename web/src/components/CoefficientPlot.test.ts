import { describe, expect, it } from 'vitest';
import { ticks } from './CoefficientPlot.js';

describe('coefficient plot axis', () => {
  it('puts about five round ticks over the range, zero among them when the range crosses it', () => {
    expect(ticks(-0.12, 0.38)).toEqual([-0.1, 0, 0.1, 0.2, 0.3]);
    expect(ticks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks(-3, 7)).toEqual([-2, 0, 2, 4, 6]);
  });
});
