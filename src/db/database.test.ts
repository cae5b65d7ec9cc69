import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate } from './migrate.js';
import { openDatabase } from './open-database.js';
import { coalesceCopyChunks, encodeCopyRow } from './database.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';

describe('encodeCopyRow', () => {
  it('escapes COPY text-format specials and writes \\N for null', () => {
    expect(encodeCopyRow(['a\tb', null, 'c\\d\ne', 5, true, { x: 1 }])).toBe(
      'a\\tb\t\\N\tc\\\\d\\ne\t5\tt\t{"x":1}\n',
    );
  });
});

describe('coalesceCopyChunks', () => {
  const collect = async (chunks: AsyncIterable<string>) => {
    const out: string[] = [];
    for await (const c of chunks) out.push(c);
    return out;
  };

  it('joins row-sized chunks into large ones, in order, without losing or splitting text', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => encodeCopyRow([i, `name ${i}`]));
    const chunks = await collect(coalesceCopyChunks(rows, 1000));
    expect(chunks.join('')).toBe(rows.join(''));
    expect(chunks.length).toBeLessThan(rows.length / 50);
    // Every chunk but the last reaches the size; none starts mid-row.
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(1000);
    for (const c of chunks) expect(c.endsWith('\n')).toBe(true);
  });

  it('passes a chunk larger than the size through as it is, and drops empty chunks', async () => {
    const big = 'x'.repeat(5000) + '\n';
    expect(await collect(coalesceCopyChunks(['', 'a\n', big, '', 'b\n'], 1000))).toEqual([
      'a\n' + big,
      'b\n',
    ]);
    expect(await collect(coalesceCopyChunks([big, 'b\n'], 1000))).toEqual([big, 'b\n']);
    expect(await collect(coalesceCopyChunks([], 1000))).toEqual([]);
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

  it('loads rows yielded one at a time (joined into large COPY messages) completely', async () => {
    function* rows() {
      for (let i = 0; i < 20_000; i++) yield encodeCopyRow(['manual', `row ${i}\t${'é'.repeat(i % 7)}`]);
    }
    const loaded = await ctx.database.transaction((tx) =>
      tx.copyFrom('source_batches', ['source', 'file_name'], rows()),
    );
    expect(loaded).toBe(20_000);
    const stored = await ctx.database.db
      .selectFrom('source_batches')
      .select([sql<number>`count(*)::int`.as('n'), sql<string>`max(file_name COLLATE "C")`.as('last')])
      .where('file_name', 'like', 'row %')
      .executeTakeFirstOrThrow();
    expect(stored.n).toBe(20_000);
    expect(stored.last).toBe(`row 9999\t${'é'.repeat(9999 % 7)}`);
  });

  it('reads query results with COPY TO in text format, queued behind other statements', async () => {
    const text = await ctx.database.transaction(async (tx) => {
      const [copied] = await Promise.all([
        tx.copyTo(
          tx.db
            .selectFrom('source_batches')
            .select(['file_name', 'snapshot_date', sql<null>`NULL::int`.as('none')])
            .where('file_name', '=', 'a\tb\\c'),
        ),
        tx.db.selectFrom('source_batches').select('id').execute(),
      ]);
      return copied;
    });
    expect(text).toBe('a\\tb\\\\c\t2026-03-31\t\\N\n');
  });

  it('binds hostile values into COPY TO exactly as parameters, and refuses NUL', async () => {
    const hostile = [
      "it's",
      "'; DROP TABLE source_batches; --",
      'back\\slash\\',
      "E'\\'",
      '$1 $$ $a$ /* -- */',
      'tab\there\nnewline',
      'ünïcødé 👩‍👩‍👧 \u202e',
      '',
    ];
    const text = await ctx.database.transaction((tx) =>
      tx.copyTo(
        sql`SELECT v, length(v), ${'$2'}::text, ${-3}::int - ${-4}, ${[`a"b`, 'c\\d', null]}::text[], ${null}::text
            FROM unnest(${hostile}::text[]) WITH ORDINALITY AS t(v, n) ORDER BY n`.compile(tx.db),
      ),
    );
    expect(text).toBe(
      hostile
        .map((v) => encodeCopyRow([v, [...v].length, '$2', 1, '{"a\\"b","c\\\\d",NULL}', null]))
        .join(''),
    );
    await expect(
      ctx.database.transaction((tx) => tx.copyTo(sql`SELECT ${'a\0b'}::text`.compile(tx.db))),
    ).rejects.toThrow(/NUL/);
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

  // ENTAS_SNAPSHOT_READERS=off (behind a transaction-pooling PgBouncer): no connection outside the pool; the
  // readers' callers then read on the transaction itself, as on PGlite.
  it.skipIf(kind === 'pglite')('opens no snapshot readers when they are turned off', async () => {
    const pooled = await openDatabase(
      { databaseUrl: ctx.testDatabase.env.DATABASE_URL, dataDir: '.', snapshotReaders: false },
      { migrate: false },
    );
    try {
      const readers = await pooled.transaction(async (tx) => {
        const opened = await tx.snapshotReaders(2);
        await Promise.all(opened.map((r) => r.close()));
        return opened.length;
      });
      expect(readers).toBe(0);
    } finally {
      await pooled.close();
    }
  });
});
