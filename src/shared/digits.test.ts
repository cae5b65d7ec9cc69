import { describe, expect, it } from 'vitest';
import { digitsAt } from './digits.js';

describe('digitsAt', () => {
  it('reads a run of digits anywhere in the text', () => {
    expect(digitsAt('3201014507900001', 6, 6)).toBe(450790);
    expect(digitsAt('2026-02-09', 0, 4)).toBe(2026);
    expect(digitsAt('2026-02-09', 8, 2)).toBe(9);
    expect(digitsAt('007', 0, 3)).toBe(7);
    expect(digitsAt('12', 1, 0)).toBe(0);
  });
});
