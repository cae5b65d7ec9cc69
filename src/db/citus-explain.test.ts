import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { buildBatch, buildHousehold, buildPerson } from '../testing/builders.js';
import { onCitus, useTestDatabase } from '../testing/test-database.js';
import type { Database } from './database.js';

/** Citus's plan for a statement: how many shard tasks it runs (1 = routed to one province's shard). */
async function taskCount(database: Database, statement: string): Promise<number> {
  const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${sql.raw(statement)}`.execute(database.db);
  const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
  const match = /Task Count: (\d+)/.exec(plan);
  if (!match) throw new Error(`not a distributed plan:\n${plan}`);
  return Number(match[1]);
}

// Only a Citus cluster has shards to route to (the Citus job: TEST_CITUS_URL); its test databases have 4 shards.
describe.skipIf(!onCitus())('single-shard routing on Citus', () => {
  const ctx = useTestDatabase('postgres');

  it('routes a province-scoped household page and a household with its persons and snapshots to one shard', async () => {
    const db = ctx.database.db;
    const household = await buildHousehold(db, { village_code: '53.71.01.1001' });
    await buildPerson(db, { household_id: household.id });
    expect(household.province_code).toBe('53');

    expect(
      await taskCount(
        ctx.database,
        `SELECT id, village_code FROM households
         WHERE province_code = '53' AND left(village_code, 5) = '53.71' AND id > 0 ORDER BY id LIMIT 51`,
      ),
    ).toBe(1);
    expect(
      await taskCount(
        ctx.database,
        `SELECT h.id, p.id, s.snapshot_date FROM households h
         JOIN persons p ON p.province_code = h.province_code AND p.household_id = h.id
         LEFT JOIN household_snapshots s ON s.province_code = h.province_code AND s.household_id = h.id
         WHERE h.province_code = '53' AND h.id = ${household.id}`,
      ),
    ).toBe(1);
  });

  it('pushes a national aggregate down to every shard, and a region filter without the province to all of them', async () => {
    const batch = await buildBatch(ctx.database.db);
    await buildHousehold(ctx.database.db, { village_code: '11.01.01.2001', batch_id: batch.id });
    const shards = await taskCount(
      ctx.database,
      `SELECT province_code, count(*), avg(decile) FROM households GROUP BY province_code`,
    );
    expect(shards).toBe(4);
    expect(
      await taskCount(ctx.database, `SELECT count(*) FROM households WHERE left(village_code, 5) = '53.71'`),
    ).toBe(4);
  });
});
