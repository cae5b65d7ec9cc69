import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { QueryShapeCache } from './query-shape-cache.js';

describe.each(testEngines())('query shape cache on %s', (kind) => {
  const ctx = useTestDatabase(kind);

  it('runs the cached SQL with each value swapped in, and the results equal the uncached query', async () => {
    const db = ctx.database.db;
    const cache = new QueryShapeCache();
    const build = (n: number) =>
      db.selectNoFrom([
        sql<number>`${n}::bigint * 2`.as('double'),
        sql<string>`${'fixed'}::text`.as('label'),
      ]);
    for (const value of [1, 7, 123_456_789]) {
      const compiled = cache.compile('double', value, build);
      const { rows } = await db.executeQuery(compiled);
      expect(rows).toEqual(await build(value).execute());
      expect(Number(rows[0]!.double)).toBe(value * 2);
    }
    expect(cache.size).toBe(1);
  });
});

describe('query shape cache', () => {
  // Compiling runs no query; one engine's builder serves.
  const ctx = useTestDatabase('pglite');

  it('keeps at most `capacity` shapes (keys follow users and scopes, so they are unbounded)', () => {
    const cache = new QueryShapeCache(3);
    for (let i = 0; i < 100; i++) {
      cache.compile(`scope-${i}`, 5, (n) => ctx.database.db.selectNoFrom(sql<number>`${n}`.as('n')));
    }
    expect(cache.size).toBe(3);
  });

  it('refuses a builder whose SQL or other parameters depend on the value', () => {
    const cache = new QueryShapeCache();
    const db = ctx.database.db;
    expect(() =>
      cache.compile('sql varies', 5, (n) => db.selectNoFrom(sql<number>`${sql.lit(n)} + ${n}`.as('n'))),
    ).toThrow(/changes with its value/);
    expect(() =>
      cache.compile('parameter varies', 5, (n) => db.selectNoFrom(sql<number>`${n} + ${-n}`.as('n'))),
    ).toThrow(/changes with its value/);
    expect(() => cache.compile('no value', 5, () => db.selectNoFrom(sql<number>`1`.as('n')))).toThrow(
      /changes with its value/,
    );
    expect(() => cache.compile('unsafe', 2 ** 60, (n) => db.selectNoFrom(sql<number>`${n}`.as('n')))).toThrow(
      /not a value/,
    );
  });
});
