import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { loadIndicatorSets } from './definition-files.js';
import type { IndicatorSet } from './definition.js';
import { refreshIndicators } from './indicator-service.js';
import { IndicatorData } from './testing/indicator-data.js';

/**
 * Over random region trees (households scattered over random villages of several provinces, regencies and
 * districts, with random snapshots, bansos months and memberships), after a full refresh and after regional
 * refreshes of random regencies: every stored node's numerator and denominator are the sums of its children's,
 * codes nest (parent = code prefix), and the national count equals a direct count of the source rows.
 */
describe.each(testEngines())('indicator roll-up over random region trees on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  const core = loadIndicatorSets()[0]!;
  const sets: IndicatorSet[] = [
    {
      name: 'core',
      indicators: core.indicators.filter((d) =>
        ['households_registered', 'kpm_conversion', 'bansos_exit', 'savings_per_member'].includes(d.id),
      ),
    },
  ];

  const PARENT_LENGTH: Record<number, number> = { 1: 0, 2: 2, 3: 5, 4: 8 };

  async function checkSums(): Promise<number> {
    const rows = await ctx.database.db.selectFrom('indicator_values').selectAll().execute();
    const sums = new Map<string, [number, number | null]>();
    for (const r of rows) {
      if (r.region_level === 0) {
        expect(r.parent_code).toBeNull();
        continue;
      }
      expect(r.parent_code, r.region_code).toBe(r.region_code.slice(0, PARENT_LENGTH[r.region_level]));
      const key = [r.indicator_id, r.version, r.parent_code, r.period, r.disaggregation, r.category].join(
        '|',
      );
      const s = sums.get(key) ?? [0, null];
      sums.set(key, [s[0] + r.numerator, r.denominator === null ? s[1] : (s[1] ?? 0) + r.denominator]);
    }
    for (const r of rows) {
      if (r.region_level === 4) continue;
      const key = [r.indicator_id, r.version, r.region_code, r.period, r.disaggregation, r.category].join(
        '|',
      );
      expect(sums.get(key), key).toEqual([r.numerator, r.denominator]);
      sums.delete(key);
    }
    // Every group of children has its parent.
    expect([...sums.keys()]).toEqual([]);
    return rows.length;
  }

  it('children add up to their parent at every level', async () => {
    // A pool of villages spread over three provinces, two regencies each, two districts each, two villages each.
    const codes = await ctx.database.db
      .selectFrom('regions')
      .select('code')
      .where('level', '=', 4)
      .where((eb) => eb.or(['11', '33', '53'].map((p) => eb('code', 'like', `${p}.%`))))
      .orderBy('code')
      .execute();
    const seen = new Map<string, string[]>();
    const pool: string[] = [];
    for (const { code } of codes) {
      // At most two children per node on the way down: province → regency → district → village.
      const path = [code.slice(0, 2), code.slice(0, 5), code.slice(0, 8)];
      const fits = path.every((node, i) => {
        const kids = seen.get(node) ?? [];
        const child = i < 2 ? path[i + 1]! : code;
        return kids.includes(child) || kids.length < 2;
      });
      if (!fits) continue;
      path.forEach((node, i) => {
        const kids = seen.get(node) ?? [];
        const child = i < 2 ? path[i + 1]! : code;
        if (!kids.includes(child)) seen.set(node, [...kids, child]);
      });
      pool.push(code);
    }
    expect(pool.length).toBe(24);

    const household = fc.record({
      village: fc.nat({ max: pool.length - 1 }),
      sex: fc.constantFrom('L' as const, 'P' as const, null),
      deciles: fc.array(fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }), {
        minLength: 1,
        maxLength: 2,
      }),
      months: fc.subarray(['2026-01', '2026-02', '2026-03', '2026-04']),
      member: fc.option(fc.nat({ max: 500_000 }), { nil: null }),
    });
    const world = fc.record({
      households: fc.array(household, { minLength: 1, maxLength: 12 }),
      regional: fc.subarray([0, 1, 2, 3, 4, 5]),
    });

    await fc.assert(
      fc.asyncProperty(world, async ({ households, regional }) => {
        const data = new IndicatorData(ctx.database);
        for (const h of households) {
          const village = pool[h.village]!;
          const made = await data.household({
            village,
            sexOfHead: h.sex,
            snapshots: h.deciles.map((d, i) => [i === 0 ? '2025-08-31' : '2026-02-28', d]),
          });
          if (h.months.length > 0) await data.enrol(made.householdId, 'PKH', h.months);
          if (h.member !== null)
            await data.member({
              village,
              personId: made.personId,
              savingsPaid: h.member,
              joinedOn: '2026-01-01',
            });
        }
        // Regional refreshes of some regencies of the pool, then (always) a full one; both must nest.
        const regencies = [...new Set(pool.map((c) => c.slice(0, 5)))];
        for (const i of regional)
          await refreshIndicators(ctx.database, { sets, region: regencies[i]!, actor: 'test' });
        if (regional.length > 0) await checkSums();
        await refreshIndicators(ctx.database, { sets, actor: 'test' });
        expect(await checkSums()).toBeGreaterThan(0);

        const direct = (
          await sql<{ month: string; n: string }>`
            SELECT to_char(snapshot_date, 'YYYY-MM') AS month, count(DISTINCT household_id) AS n
            FROM household_snapshots GROUP BY 1`.execute(ctx.database.db)
        ).rows;
        const national = await ctx.database.db
          .selectFrom('indicator_values')
          .select(['period', 'numerator'])
          .where('indicator_id', '=', 'households_registered')
          .where('region_level', '=', 0)
          .where('disaggregation', '=', '')
          .where('period', 'in', ['2025-08', '2026-02'])
          .execute();
        expect(Object.fromEntries(national.map((r) => [r.period, r.numerator]))).toEqual(
          Object.fromEntries(direct.map((r) => [r.month, Number(r.n)])),
        );
      }),
      { numRuns: 6, seed: 17 },
    );
    // Every built-in indicator (20) refreshed up to seven times per run: minutes on a loaded machine.
  }, 300_000);
});
