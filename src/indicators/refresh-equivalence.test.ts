import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { loadIndicatorSets } from './definition-files.js';
import { IndicatorRepository } from './indicator-repository.js';
import { refreshIndicators } from './indicator-service.js';
import { referenceSubtreeInsertSql } from './testing/reference-refresh-sql.js';
import { IndicatorData } from './testing/indicator-data.js';

/**
 * The refresh statement (hash-grouped units, village cells inserted as computed, levels summed one from the
 * other, subtree deletes by key range) stores exactly the rows of the from-scratch reference (the straightforward
 * statement with count(DISTINCT) and one GROUPING SETS over the whole hierarchy,
 * testing/reference-refresh-sql.ts), for every built-in indicator, after a full refresh (replacing the indicator's
 * partition, and deleting and inserting its rows) and after regional
 * refreshes of random regencies and provinces on random worlds that keep growing between them.
 */
describe.each(testEngines())('refresh against the from-scratch reference on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  const sets = loadIndicatorSets();
  const defs = sets.flatMap((s) => s.indicators);
  const columns = [
    'indicator_id',
    'version',
    'period',
    'region_level',
    'region_code',
    'parent_code',
    'province_code',
    'disaggregation',
    'category',
    'numerator',
    'denominator',
  ].join(', ');

  const rows = async (table: string, id: string) =>
    (
      await sql<Record<string, unknown>>`SELECT ${sql.raw(columns)} FROM ${sql.table(table)}
        WHERE indicator_id = ${id}
        ORDER BY region_code COLLATE "C", period, disaggregation, category`.execute(ctx.database.db)
    ).rows;

  async function expectReference(): Promise<number> {
    const repo = new IndicatorRepository(ctx.database.db);
    let compared = 0;
    for (const def of defs) {
      const version = (await repo.storedVersion(def))!;
      await sql`DELETE FROM reference_values`.execute(ctx.database.db);
      await referenceSubtreeInsertSql(def, version, '', 0, 'reference_values').execute(ctx.database.db);
      const expected = await rows('reference_values', def.id);
      expect(await rows('indicator_values', def.id), def.id).toEqual(expected);
      compared += expected.length;
    }
    return compared;
  }

  it('stores the reference rows after full and regional refreshes', async () => {
    await sql`CREATE TABLE reference_values (LIKE indicator_values INCLUDING DEFAULTS)`.execute(
      ctx.database.db,
    );
    const data = new IndicatorData(ctx.database);
    const regencies = ['53.01', '53.02', '33.74', '11.01'];
    const pool = (await Promise.all(regencies.map((r) => data.villages(r, 3)))).flat();
    expect(pool.length).toBe(12);
    await data.pilot('Equivalence pilot', [
      { village: pool[0]!, arm: 'treatment', wave: 1 },
      { village: pool[1]!, arm: 'control', wave: null },
      { village: pool[6]!, arm: 'treatment', wave: 2 },
    ]);

    const months = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05'];
    // Every list month exists from the start: a new list month is a global input that needs a full refresh.
    const anchor = await data.household({ village: pool[3]!, snapshots: [['2026-02-28', 2]] });
    await data.enrol(anchor.householdId, 'PKH', months);
    await data.enrol(anchor.householdId, 'BPNT', months);
    const household = fc.record({
      village: fc.nat({ max: pool.length - 1 }),
      sex: fc.constantFrom('L' as const, 'P' as const, null),
      extremePoor: fc.boolean(),
      // Two snapshots may fall in one month (counted once there), and deciles may be unknown.
      snapshots: fc.array(
        fc.tuple(
          fc.constantFrom('2025-08-31', '2025-11-30', '2026-02-10', '2026-02-28'),
          fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
        ),
        { minLength: 1, maxLength: 3 },
      ),
      pkh: fc.subarray(months),
      bpnt: fc.subarray(months),
      member: fc.option(
        fc.record({
          savings: fc.nat({ max: 500_000 }),
          joined: fc.constantFrom('2025-12-01', '2026-02-15', '2026-04-30', null),
          left: fc.constantFrom(null, null, '2026-03-31'),
        }),
        { nil: null },
      ),
    });
    const world = fc.record({
      households: fc.array(household, { minLength: 1, maxLength: 10 }),
      regional: fc.subarray(['53.01', '53.02', '33.74', '11.01', '53', '33']),
    });

    let runs = 0;
    await fc.assert(
      fc.asyncProperty(world, async ({ households, regional }) => {
        const add = async (list: typeof households) => {
          for (const h of list) {
            const village = pool[h.village]!;
            const snapshots = [...h.snapshots].sort((a, b) => a[0].localeCompare(b[0]));
            const made = await data.household({
              village,
              sexOfHead: h.sex,
              extremePoor: h.extremePoor,
              snapshots,
            });
            if (h.pkh.length > 0) await data.enrol(made.householdId, 'PKH', h.pkh);
            if (h.bpnt.length > 0) await data.enrol(made.householdId, 'BPNT', h.bpnt);
            if (h.member !== null)
              await data.member({
                village,
                personId: made.personId,
                savingsPaid: h.member.savings,
                joinedOn: h.member.joined,
                leftOn: h.member.left,
              });
          }
        };
        const half = Math.ceil(households.length / 2);
        await add(households.slice(0, half));
        // The partition swap (forced: this world is below its size threshold), then deleting and inserting.
        await refreshIndicators(ctx.database, { sets, actor: 'test', replacePartition: true });
        expect(await expectReference()).toBeGreaterThan(0);
        await refreshIndicators(ctx.database, { sets, actor: 'test', replacePartition: false });
        expect(await expectReference()).toBeGreaterThan(0);
        // The rest arrives only in the regions refreshed next (their subtrees recomputed, ancestors re-summed).
        if (regional.length > 0) {
          const inside = households
            .slice(half)
            .filter((h) => regional.some((r) => pool[h.village]!.startsWith(r)));
          await add(inside);
          for (const region of regional)
            await refreshIndicators(ctx.database, { sets, region, actor: 'test' });
          await expectReference();
        }
        runs += 1;
      }),
      { numRuns: 4, seed: 1717 },
    );
    expect(runs).toBe(4);
  }, 600_000);
});
