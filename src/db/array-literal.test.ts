import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { intArrayLiteral, textArrayLiteral } from './array-literal.js';

describe('array literals', () => {
  it('writes integers and nulls, refuses unsafe numbers', () => {
    expect(intArrayLiteral([1, null, 9_007_199_254_740_993n, -4])).toBe('{1,NULL,9007199254740993,-4}');
    expect(intArrayLiteral([])).toBe('{}');
    expect(() => intArrayLiteral([1.5])).toThrow(RangeError);
    expect(textArrayLiteral(['a', null, 'say "hi" \\ ok', ''])).toBe('{"a",NULL,"say \\"hi\\" \\\\ ok",""}');
  });
});

describe.each(testEngines())('array literals on %s', (kind) => {
  const ctx = useTestDatabase(kind);

  it('round-trip through unnest exactly, including text that looks like syntax', async () => {
    const texts = [
      'plain',
      '',
      'NULL',
      'a,b',
      '{x}',
      ' spaced ',
      'q"uote',
      'back\\slash',
      'tab\there',
      'é 漢字',
      null,
    ];
    const ints = [0n, -1n, 9_007_199_254_740_993n, null, 42n];
    const t = await sql<{ v: string | null }>`
      SELECT v FROM unnest(${textArrayLiteral(texts)}::text[]) WITH ORDINALITY AS u(v, n) ORDER BY u.n`.execute(
      ctx.database.db,
    );
    expect(t.rows.map((r) => r.v)).toEqual(texts);
    const i = await sql<{ v: string | null }>`
      SELECT v::text AS v FROM unnest(${intArrayLiteral(ints)}::bigint[]) WITH ORDINALITY AS u(v, n) ORDER BY u.n`.execute(
      ctx.database.db,
    );
    expect(i.rows.map((r) => (r.v === null ? null : BigInt(r.v)))).toEqual(ints);
    const p = await sql<{ v: string }>`
      SELECT v::text AS v FROM unnest(${textArrayLiteral(['53', '31'])}::bpchar[]) AS u(v)`.execute(
      ctx.database.db,
    );
    expect(p.rows.map((r) => r.v)).toEqual(['53', '31']);
  });
});
