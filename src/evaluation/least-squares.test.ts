import { Matrix, QrDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { triangularFit } from './least-squares.js';

describe('triangularFit (QR block by block)', () => {
  // 1,000 rows: four blocks plus a remainder, deterministic values.
  const n = 1000;
  const x = new Matrix(n, 4);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    x.setRow(i, [1, Math.sin(i), Math.cos(i * 0.3) * 5, (i % 7) - 3]);
    y.push(3 + 2 * Math.sin(i) - Math.cos(i * 7.1));
  }

  it('gives an R with R′R = X′X, as one QR of the whole matrix does', () => {
    const { r } = triangularFit(x, y);
    const expected = x.transpose().mmul(x);
    const got = r.transpose().mmul(r);
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) expect(got.get(i, j)).toBeCloseTo(expected.get(i, j), 6);
    for (let i = 1; i < 4; i++) for (let j = 0; j < i; j++) expect(r.get(i, j)).toBe(0);
  });

  it('gives the least-squares coefficients of ml-matrix’s one-piece QR solve', () => {
    const { r, qty } = triangularFit(x, y);
    const blocked = new QrDecomposition(r).solve(Matrix.columnVector(qty));
    const whole = new QrDecomposition(x).solve(Matrix.columnVector(y));
    for (let j = 0; j < 4; j++) expect(blocked.get(j, 0)).toBeCloseTo(whole.get(j, 0), 12);
  });
});
