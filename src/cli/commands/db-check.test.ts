import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIndexes } from '../../db/index-check.js';
import { entas, lastJson } from '../../testing/cli.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../../testing/test-database.js';

describe.each(testEngines())('entas db check on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(async () => t?.dispose());

  it('verifies every B-tree index with amcheck and leaves no extension behind', async () => {
    const run = await entas(['db', 'check', '--json'], t.env);
    expect(run.code, run.stderr).toBe(0);
    const result = lastJson(run.stdout) as { method: string; indexes: number; problems: unknown[] };
    expect(result).toMatchObject({ database: kind, method: 'amcheck', problems: [] });
    const database = await t.open();
    try {
      const { rows } = await sql<{ indexes: number; amcheck: number }>`
        SELECT (SELECT count(*)::int FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                  JOIN pg_am a ON a.oid = c.relam
                 WHERE a.amname = 'btree' AND c.relkind = 'i'
                   AND c.relnamespace = current_schema()::regnamespace) AS indexes,
               (SELECT count(*)::int FROM pg_extension WHERE extname = 'amcheck') AS amcheck`.execute(
        database.db,
      );
      expect(result.indexes).toBe(rows[0]!.indexes);
      expect(result.indexes).toBeGreaterThan(20);
      expect(rows[0]!.amcheck).toBe(0);
    } finally {
      await database.close();
    }
  }, 120_000);

  it.runIf(kind === 'pglite')(
    'rebuilds every index when amcheck cannot be loaded',
    async () => {
      // t.open() opens PGlite without the amcheck extension bundle: CREATE EXTENSION fails, so REINDEX it is.
      const database = await t.open();
      try {
        const result = await checkIndexes(database, { repair: true });
        expect(result).toMatchObject({ method: 'reindex', problems: [] });
        expect(result.indexes).toBeGreaterThan(20);
      } finally {
        await database.close();
      }
    },
    120_000,
  );
});
