import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from './migrate.js';
import { encodeCopyRow, sqlLiteral } from './database.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';

describe('encodeCopyRow', () => {
  it('escapes COPY text-format specials and writes \\N for null', () => {
    expect(encodeCopyRow(['a\tb', null, 'c\\d\ne', 5, true, { x: 1 }])).toBe(
      'a\\tb\t\\N\tc\\\\d\\ne\t5\tt\t{"x":1}\n',
    );
  });
});

describe.each(testEngines())('database on %s', (kind) => {
  const ctx = useTestDatabase(kind);

  it('has all Kemendagri regions after migration', async () => {
    const rows = await ctx.database.db
      .selectFrom('regions')
      .select(['level', sql<number>`count(*)::int`.as('n')])
      .groupBy('level')
      .orderBy('level')
      .execute();
    expect(rows).toEqual([
      { level: 1, n: 38 },
      { level: 2, n: 514 },
      { level: 3, n: 7285 },
      { level: 4, n: 83762 },
    ]);
  });

  it('re-running migrate applies nothing', async () => {
    expect(await migrate(ctx.database)).toEqual([]);
  });

  it('rolls back a failed transaction whole, including COPY', async () => {
    const before = await ctx.database.db
      .selectFrom('source_batches')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      ctx.database.transaction(async (tx) => {
        await tx.db.insertInto('source_batches').values({ source: 'manual' }).execute();
        await tx.copyFrom('source_batches', ['source', 'file_name'], [encodeCopyRow(['manual', 'x\ty'])]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const after = await ctx.database.db
      .selectFrom('source_batches')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('commits COPY rows with special characters intact and reads types consistently', async () => {
    const loaded = await ctx.database.transaction(async (tx) =>
      tx.copyFrom(
        'source_batches',
        ['source', 'file_name', 'snapshot_date'],
        [encodeCopyRow(['manual', 'a\tb\\c', '2026-03-31'])],
      ),
    );
    expect(loaded).toBe(1);
    const row = await ctx.database.db
      .selectFrom('source_batches')
      .select(['id', 'file_name', 'snapshot_date'])
      .where('file_name', '=', 'a\tb\\c')
      .executeTakeFirstOrThrow();
    expect(typeof row.id).toBe('number');
    expect(row.snapshot_date).toBe('2026-03-31');
  });

  it('reads query results with COPY TO in text format, queued behind other statements', async () => {
    const text = await ctx.database.transaction(async (tx) => {
      const [copied] = await Promise.all([
        tx.copyTo(
          `SELECT file_name, snapshot_date, NULL::int FROM source_batches WHERE file_name = ${sqlLiteral('a\tb\\c')}`,
        ),
        tx.db.selectFrom('source_batches').select('id').execute(),
      ]);
      return copied;
    });
    expect(text).toBe('a\\tb\\\\c\t2026-03-31\t\\N\n');
    expect(sqlLiteral("it's")).toBe("'it''s'");
  });

  it('opens snapshot readers that see exactly the transaction snapshot (none on PGlite)', async () => {
    const count = () =>
      ctx.database.db.selectFrom('source_batches').select(sql<number>`count(*)::int`.as('n'));
    const before = (await count().executeTakeFirstOrThrow()).n;
    const seen = await ctx.database.transaction(async (tx) => {
      await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      await tx.db.selectFrom('source_batches').select('id').execute(); // takes the snapshot
      const readers = await tx.snapshotReaders(2);
      try {
        if (kind === 'pglite') return readers.length;
        // Committed by another connection after the snapshot: invisible to the readers.
        await ctx.database.exec(
          `INSERT INTO source_batches (source, file_name) VALUES ('manual', 'later.csv')`,
        );
        return Promise.all(readers.map((r) => r.copyTo('SELECT count(*) FROM source_batches')));
      } finally {
        await Promise.all(readers.map((r) => r.close()));
      }
    });
    if (kind === 'pglite') expect(seen).toBe(0);
    else {
      expect(seen).toEqual([`${before}\n`, `${before}\n`]);
      expect((await count().executeTakeFirstOrThrow()).n).toBe(before + 1);
    }
  });
});
