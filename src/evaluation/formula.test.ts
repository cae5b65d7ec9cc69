import { describe, expect, it } from 'vitest';
import { UserError } from '../shared/errors.js';
import { parseFormula } from './formula.js';

const names = (text: string) => parseFormula(text).terms.map((t) => t.name);

function failure(text: string): UserError {
  try {
    parseFormula(text);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error(`"${text}" parsed`);
}

describe('parseFormula', () => {
  it('reads main effects and interactions, named as written', () => {
    const f = parseFormula('fte ~ nj + d + nj:d');
    expect(f.response).toBe('fte');
    expect(f.intercept).toBe(true);
    expect(f.terms).toEqual([
      { name: 'nj', parts: [{ variable: 'nj', factor: false }] },
      { name: 'd', parts: [{ variable: 'd', factor: false }] },
      {
        name: 'nj:d',
        parts: [
          { variable: 'nj', factor: false },
          { variable: 'd', factor: false },
        ],
      },
    ]);
  });

  it('expands a*b to a + b + a:b and a*b*c to every interaction, lower orders first', () => {
    expect(names('y~a*b')).toEqual(['a', 'b', 'a:b']);
    expect(names('y ~ a*b*c')).toEqual(['a', 'b', 'c', 'a:b', 'a:c', 'b:c', 'a:b:c']);
    expect(names('y ~ a:b * c')).toEqual(['a:b', 'c', 'a:b:c']);
  });

  it('keeps the first of repeated terms (b:a is a:b) and parts (a:a is a)', () => {
    expect(names('y ~ a*b + b:a + a')).toEqual(['a', 'b', 'a:b']);
    expect(names('y ~ a:a')).toEqual(['a']);
  });

  it('reads factor(x) as a categorical part, also inside interactions', () => {
    const f = parseFormula('y ~ treat * factor(wave) + factor(village)');
    expect(f.terms.map((t) => t.name)).toEqual([
      'treat',
      'factor(wave)',
      'treat:factor(wave)',
      'factor(village)',
    ]);
    expect(f.terms[1]!.parts).toEqual([{ variable: 'wave', factor: true }]);
  });

  it('drops the intercept with - 1, + 0 or a leading -1, and keeps it with + 1', () => {
    expect(parseFormula('y ~ x - 1').intercept).toBe(false);
    expect(parseFormula('y ~ x + 0').intercept).toBe(false);
    expect(parseFormula('y ~ 0 + x').intercept).toBe(false);
    expect(parseFormula('y ~ -1 + x').intercept).toBe(false);
    expect(parseFormula('y ~ 1 + x').intercept).toBe(true);
    expect(names('y ~ x - 1')).toEqual(['x']);
  });

  it('names the position of what is wrong, in both languages', () => {
    const missingTilde = failure('y + x');
    expect(missingTilde.message).toBe('formula: expected "~" after the outcome at position 3, found "+"');
    expect(missingTilde.messageId).toBe(
      'formula: diharapkan "~" setelah kolom hasil pada posisi 3, ditemukan "+"',
    );
    expect(missingTilde.code).toBe('bad_formula');
    expect(failure('y ~ a + + b').message).toMatch(/expected a column name .* at position 9, found "\+"/);
    expect(failure('y ~ a $ b').message).toMatch(/unexpected character "\$" at position 7/);
    expect(failure('y ~ a b').message).toMatch(/unexpected "b" at position 7/);
    expect(failure('y ~ factor(g').message).toMatch(/expected "\)" to close factor\( at position 13/);
    expect(failure('y ~ a - b').message).toMatch(/only the intercept can be removed .* position 7/);
    expect(failure('y ~ 2 + a').message).toMatch(/only 0 and 1 .* "2" at position 5/);
    expect(failure('y ~ a * 1').message).toMatch(/"1" at position 9 cannot be multiplied/);
    expect(failure('~ x').message).toMatch(/expected the outcome column at position 1/);
    expect(failure('y ~').message).toMatch(/position 4, found end of formula/);
  });
});
