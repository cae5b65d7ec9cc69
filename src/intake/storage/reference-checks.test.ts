import { describe, expect, it } from 'vitest';
import type { Tx } from '../../db/database.js';
import { onCitus, testEngines, useTestDatabase } from '../../testing/test-database.js';
import { createBatch } from './batch-repository.js';
import {
  assertBatchExists,
  assertNoDanglingReferences,
  pauseRowTriggers,
  resumeRowTriggers,
  type ForeignKey,
} from './reference-checks.js';
import { rows, sql } from './sql-run.js';

let hashes = 0;
const newBatch = (tx: Tx) =>
  createBatch(tx, {
    source: 'dtsen',
    file_name: 't.csv',
    content_hash: `test-${(hashes += 1)}`,
    program_code: null,
    period: null,
    snapshot_date: null,
    created_by: 'tester',
    meta: {},
  });
const households = async (database: { db: Tx['db'] }) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM households`.execute(database.db)).rows[0]!.n;

const village = async (tx: Tx) =>
  (await rows(tx, sql<{ code: string }>`SELECT code FROM regions WHERE level = 4 ORDER BY code LIMIT 1`))[0]!
    .code;

const TABLES = ['households', 'persons'];

const keys = (batchId: number): ForeignKey[] => [
  {
    table: 'households',
    column: 'village_code',
    references: 'regions',
    key: 'code',
    written: sql`w.batch_id = ${batchId}`,
  },
  {
    table: 'persons',
    column: 'household_id',
    references: 'households',
    key: 'id',
    written: sql`w.batch_id = ${batchId}`,
  },
];

describe.each(testEngines())('set-based foreign-key checks on %s', (kind) => {
  const ctx = useTestDatabase(kind);

  it('pauses the row triggers only for the transaction; the constraints stay declared', async () => {
    // Not on Citus: its workers refuse the setting, and the triggers run there (reference-checks.ts).
    await ctx.database.transaction(async (tx) => {
      expect(await pauseRowTriggers(tx, TABLES)).toBe(!onCitus()); // and not resumed: SET LOCAL ends with the transaction
    });
    await expect(
      ctx.database.transaction(async (tx) => {
        const batchId = await newBatch(tx);
        await sql`INSERT INTO persons (province_code, household_id, name, name_normalized, batch_id)
          VALUES ('53', -1, 'X', 'x', ${batchId})`.execute(tx.db);
      }),
    ).rejects.toThrow(/foreign key/);
  });

  it('accepts rows whose references exist, among other batches and rows of its own', async () => {
    await ctx.database.transaction(async (tx) => {
      const code = await village(tx);
      const older = await newBatch(tx);
      const batchId = await newBatch(tx);
      expect(await pauseRowTriggers(tx, TABLES)).toBe(!onCitus());
      await sql`INSERT INTO households (province_code, village_code, batch_id)
        VALUES (left(${code}, 2), ${code}, ${older}), (left(${code}, 2), ${code}, ${batchId})`.execute(tx.db);
      await sql`INSERT INTO persons (province_code, household_id, name, name_normalized, batch_id)
        SELECT province_code, id, 'A', 'a', ${batchId}::bigint FROM households
        UNION ALL SELECT '53', NULL, 'B', 'b', ${batchId}::bigint`.execute(tx.db);
      await resumeRowTriggers(tx);
      await assertBatchExists(tx, batchId);
      await assertNoDanglingReferences(tx, keys(batchId));
    });
  });

  it('refuses a batch whose rows reference a missing household, village or batch', async () => {
    const before = await households(ctx.database);
    for (const missing of ['household', 'village', 'batch'] as const) {
      const attempt = ctx.database.transaction(async (tx) => {
        const batchId = await newBatch(tx);
        expect(await pauseRowTriggers(tx, TABLES)).toBe(!onCitus());
        const code = missing === 'village' ? '99.99.99.9999' : await village(tx);
        await sql`INSERT INTO households (province_code, village_code, batch_id)
          VALUES (left(${code}, 2), ${code}, ${batchId})`.execute(tx.db);
        await sql`INSERT INTO persons (province_code, household_id, name, name_normalized, batch_id)
          SELECT province_code, ${missing === 'household' ? sql`-1` : sql`id`}, 'A', 'a', ${batchId}
          FROM households`.execute(tx.db);
        await resumeRowTriggers(tx);
        await assertBatchExists(tx, missing === 'batch' ? batchId + 1000 : batchId);
        await assertNoDanglingReferences(tx, keys(batchId));
      });
      await expect(attempt).rejects.toThrow(
        {
          household: /persons.household_id: 1 value/,
          village: /households.village_code: 1 value/,
          batch: /batch \d+ is missing/,
        }[missing],
      );
    }
    expect(await households(ctx.database)).toBe(before);
  });

  it('keeps the triggers when a table has a trigger of its own (replica mode would pause it too)', async () => {
    await ctx.database.transaction(async (tx) => {
      await tx.exec(`CREATE FUNCTION pg_temp.noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
        CREATE TRIGGER persons_noop BEFORE INSERT ON persons FOR EACH ROW EXECUTE FUNCTION pg_temp.noop()`);
      expect(await pauseRowTriggers(tx, TABLES)).toBe(false);
      await tx.exec('DROP TRIGGER persons_noop ON persons');
      expect(await pauseRowTriggers(tx, TABLES)).toBe(!onCitus());
    });
  });

  it('keeps the triggers (and says so) for a role not allowed to pause them', async () => {
    await ctx.database.exec(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'entas_plain_role') THEN CREATE ROLE entas_plain_role; END IF;
      END $$`);
    await ctx.database.transaction(async (tx) => {
      await tx.exec('SET LOCAL ROLE entas_plain_role');
      expect(await pauseRowTriggers(tx, TABLES)).toBe(false);
      const role = await rows(
        tx,
        sql<{ r: string }>`SELECT current_setting('session_replication_role') AS r`,
      );
      expect(role[0]!.r).toBe('origin');
    });
  });
});
