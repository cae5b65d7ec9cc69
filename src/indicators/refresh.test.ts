import { describe, expect, it } from 'vitest';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { loadIndicatorSets } from './definition-files.js';
import type { IndicatorSet } from './definition.js';
import { IndicatorRepository } from './indicator-repository.js';
import { indicatorStatus, refreshIndicators } from './indicator-service.js';
import { IndicatorData } from './testing/indicator-data.js';

/**
 * A small world whose indicators are computed by hand (comments give the arithmetic), refreshed with the
 * built-in definitions. Regency 53.01 has villages v1 and v2, regency 33.74 village w1.
 */
describe.each(testEngines())('indicator refresh on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  const sets = loadIndicatorSets();
  let v1 = '';
  let v2 = '';
  let w1 = '';

  const value = async (id: string, region: string, period: string, disaggregation = '', set = sets) => {
    const repo = new IndicatorRepository(ctx.database.db);
    const def = set.flatMap((s) => s.indicators).find((d) => d.id === id)!;
    const version = (await repo.storedVersion(def))!;
    const rows = await repo.values({ indicatorId: id, version, region, period, disaggregation });
    return Object.fromEntries(rows.map((r) => [r.category, [r.numerator, r.denominator]]));
  };

  it('computes the hand-worked values at every level', async () => {
    const data = new IndicatorData(ctx.database);
    [v1 = '', v2 = ''] = await data.villages('53.01', 2);
    [w1 = ''] = await data.villages('33.74', 1);
    const a = await data.household({
      village: v1,
      sexOfHead: 'P',
      extremePoor: false,
      snapshots: [
        ['2025-08-31', 2],
        ['2026-01-31', 6],
      ],
    });
    const b = await data.household({
      village: v1,
      sexOfHead: 'L',
      extremePoor: true,
      snapshots: [
        ['2025-08-31', 3],
        ['2026-01-31', 3],
      ],
    });
    const c = await data.household({
      village: v2,
      sexOfHead: 'P',
      extremePoor: true,
      snapshots: [
        ['2025-08-31', 1],
        ['2026-01-31', 5],
      ],
    });
    const d = await data.household({
      village: w1,
      sexOfHead: 'L',
      extremePoor: false,
      snapshots: [['2026-01-31', 8]],
    });
    const e = await data.household({
      village: w1,
      sexOfHead: 'P',
      extremePoor: true,
      snapshots: [['2026-01-31', 2]],
    });
    await data.enrol(a.householdId, 'PKH', ['2026-01', '2026-02', '2026-03']);
    await data.enrol(b.householdId, 'PKH', ['2026-01', '2026-02']);
    await data.enrol(c.householdId, 'PKH', ['2026-01', '2026-03']);
    await data.enrol(c.householdId, 'BPNT', ['2026-03']);
    await data.enrol(d.householdId, 'PKH', ['2026-02', '2026-03']);
    await data.enrol(d.householdId, 'BPNT', ['2026-03']);
    await data.member({ village: v1, personId: a.personId, joinedOn: '2026-02-10', savingsPaid: 100_000 });
    await data.member({
      village: v1,
      personId: b.personId,
      joinedOn: '2025-01-01',
      leftOn: '2026-01-15',
      savingsPaid: 50_000,
    });
    await data.member({ village: w1, personId: null, savingsPaid: 30_000 });
    void e;

    const results = await refreshIndicators(ctx.database, { sets, actor: 'test' });
    expect(results.length).toBe(sets[0]!.indicators.length);

    // March recipients A, C, D; only A is a member by 31 March.
    expect(await value('kpm_conversion', '', '2026-03')).toEqual({ '': [1, 3] });
    expect(await value('kpm_conversion', '', '2026-03', 'program')).toEqual({ PKH: [1, 3], BPNT: [0, 2] });
    // January: A joined in February.
    expect(await value('kpm_conversion', '', '2026-01')).toEqual({ '': [0, 3] });
    // Q1: A, B, C, D recipients at some point; A a member at some point.
    expect(await value('kpm_conversion', '', '2026Q1')).toEqual({ '': [1, 4] });
    expect(await value('kpm_conversion', '53.01', '2026-03')).toEqual({ '': [1, 2] });
    expect(await value('kpm_conversion', v1, '2026-03')).toEqual({ '': [1, 1] });
    expect(await value('kpm_conversion', v2, '2026-03')).toEqual({ '': [0, 1] });
    expect(await value('kpm_conversion', '33', '2026-03')).toEqual({ '': [0, 1] });
    expect(await value('kpm_conversion', '', '2026-03', 'sex_of_head')).toEqual({ P: [1, 2], L: [0, 1] });

    // PKH exits in March: on February's list A, B, D; B missing → 1/3. February: on January's A, B, C; C missing.
    expect(await value('bansos_exit', '', '2026-03')).toEqual({ '': [1, 3] });
    expect(await value('bansos_exit', '', '2026-02')).toEqual({ '': [1, 3] });
    // January has lists but no December list: nobody can exit (0 of 0), an empty cell, which is not stored.
    expect(await value('bansos_exit', '', '2026-01')).toEqual({});
    expect(await value('bansos_exit', '', '2026Q1')).toEqual({ '': [2, 6] });
    // March list rows: A-PKH, C-PKH, D-PKH, C-BPNT, D-BPNT; C-PKH was on January's list, not February's.
    expect(await value('bansos_reentry', '', '2026-03')).toEqual({ '': [1, 5] });
    expect(await value('bansos_reentry', '', '2026-03', 'program')).toEqual({ PKH: [1, 3], BPNT: [0, 2] });

    // Latest lists: PKH 2026-03 (deciles 1–4: B, E, neither listed), BPNT 2026-03 (1–5: B, C, E; C listed).
    expect(await value('exclusion_error', '', '2026-03', 'program')).toEqual({ PKH: [2, 2], BPNT: [2, 3] });
    expect(await value('exclusion_error', '', '2026-03')).toEqual({ '': [2, 3] });
    expect(await value('exclusion_reach', '', '2026-03')).toEqual({ '': [1, 3] });
    // March: A (6), C (5), D (8) outside PKH's 1–4; for BPNT (1–5) only D.
    expect(await value('inclusion_error', '', '2026-03', 'program')).toEqual({ PKH: [3, 3], BPNT: [1, 2] });

    // Snapshot moves into 2026-01: A 2→6, B 3→3, C 1→5.
    expect(await value('decile_exit_1_4', '', '2026-01')).toEqual({ '': [2, 3] });
    expect(await value('decile_exit_1_4', '', '2026', 'decile')).toEqual({
      '1': [1, 1],
      '2': [1, 1],
      '3': [0, 1],
    });
    // Extreme poor B, C, E: January B and C listed, February B, March C.
    expect(await value('extreme_poor_reached', '', '2026-01')).toEqual({ '': [2, 3] });
    expect(await value('extreme_poor_reached', '', '2026-02')).toEqual({ '': [1, 3] });
    expect(await value('extreme_poor_reached', '', '2026Q1')).toEqual({ '': [2, 3] });
    expect(await value('extreme_poor_share', '', '2026-01')).toEqual({ '': [3, 5] });
    expect(await value('households_registered', '', '2025-08')).toEqual({ '': [3, null] });

    // Members (register of 2026-01-31): A active 100 000, B left, one unlinked active 30 000.
    expect(await value('active_membership', '', '2026-01')).toEqual({ '': [2, 3] });
    expect(await value('active_membership', '', '2026-01', 'sex')).toEqual({
      P: [1, 1],
      L: [0, 1],
      unknown: [1, 1],
    });
    expect(await value('savings_per_member', '', '2026-01')).toEqual({ '': [130_000, 2] });
    expect(await value('members_from_kpm', '', '2026-01')).toEqual({ '': [1, 1] });
  });

  it('every node is the sum of its children, for every indicator, period and category', async () => {
    const rows = await ctx.database.db.selectFrom('indicator_values').selectAll().execute();
    const sums = new Map<string, [number, number | null]>();
    for (const r of rows) {
      if (r.parent_code === null) continue;
      const key = [r.indicator_id, r.version, r.parent_code, r.period, r.disaggregation, r.category].join(
        '|',
      );
      const s = sums.get(key) ?? [0, null];
      sums.set(key, [s[0] + r.numerator, r.denominator === null ? s[1] : (s[1] ?? 0) + r.denominator]);
    }
    let parents = 0;
    for (const r of rows) {
      if (r.region_level === 4) continue;
      parents += 1;
      const key = [r.indicator_id, r.version, r.region_code, r.period, r.disaggregation, r.category].join(
        '|',
      );
      expect(sums.get(key), key).toEqual([r.numerator, r.denominator]);
    }
    expect(parents).toBeGreaterThan(100);
  });

  it('a regency refresh after new data gives the same values as a full refresh', async () => {
    const data = new IndicatorData(ctx.database);
    const f = await data.household({
      village: w1,
      sexOfHead: 'P',
      extremePoor: true,
      snapshots: [['2026-01-31', 1]],
    });
    await data.enrol(f.householdId, 'PKH', ['2026-02', '2026-03']);
    await data.member({ village: w1, personId: f.personId, joinedOn: '2026-03-01', savingsPaid: 20_000 });
    const before = await indicatorStatus(ctx.database, sets);
    expect(before.every((s) => s.stale)).toBe(true);
    // Only the regency that received rows is stale, not the nation.
    expect(before.map((s) => s.staleness)).toEqual(before.map(() => ({ full: false, regencies: ['33.74'] })));
    // Refreshing another regency leaves it stale (and the nation with it).
    await refreshIndicators(ctx.database, { sets, region: '5301', actor: 'test' });
    expect((await indicatorStatus(ctx.database, sets)).every((s) => s.stale)).toBe(true);
    const changed = await refreshIndicators(ctx.database, { sets, changed: true, actor: 'test' });
    expect(changed.map((r) => r.regions)).toEqual(changed.map(() => ['33.74']));
    expect((await indicatorStatus(ctx.database, sets)).some((s) => s.stale)).toBe(false);
    const again = await refreshIndicators(ctx.database, { sets, changed: true, actor: 'test' });
    expect(again.map((r) => r.regions)).toEqual(again.map(() => []));
    const snapshot = async () =>
      (
        await ctx.database.db
          .selectFrom('indicator_values')
          .select([
            'indicator_id',
            'version',
            'region_code',
            'period',
            'disaggregation',
            'category',
            'numerator',
            'denominator',
          ])
          .orderBy('indicator_id')
          .orderBy('version')
          .orderBy('region_code')
          .orderBy('period')
          .orderBy('disaggregation')
          .orderBy('category')
          .execute()
      ).map((r) => JSON.stringify(r));
    const incremental = await snapshot();
    await refreshIndicators(ctx.database, { sets, actor: 'test' });
    expect(incremental).toEqual(await snapshot());
    expect(await value('kpm_conversion', '', '2026-03')).toEqual({ '': [2, 4] });
  });

  it('a changed definition is stored as a new version; the old values stay', async () => {
    const changed: IndicatorSet[] = [
      {
        name: 'core',
        indicators: [{ ...sets[0]!.indicators.find((d) => d.id === 'kpm_conversion')!, disaggregations: [] }],
      },
    ];
    const before = await ctx.database.db
      .selectFrom('indicator_values')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('indicator_id', '=', 'kpm_conversion')
      .executeTakeFirstOrThrow();
    const [result] = await refreshIndicators(ctx.database, { sets: changed, actor: 'test' });
    expect(result!.version).toBe(2);
    const byVersion = await ctx.database.db
      .selectFrom('indicator_values')
      .select(['version', (eb) => eb.fn.countAll<number>().as('n')])
      .where('indicator_id', '=', 'kpm_conversion')
      .groupBy('version')
      .orderBy('version')
      .execute();
    expect(byVersion.map((r) => [r.version, Number(r.n)])).toEqual([
      [1, Number(before.n)],
      [2, expect.any(Number) as number],
    ]);
    expect(await value('kpm_conversion', '', '2026-03', '', changed)).toEqual({ '': [2, 4] });
  });

  it('a revert or a new bansos list month needs a full refresh; new rows elsewhere only their regency', async () => {
    await refreshIndicators(ctx.database, { sets, changed: true, actor: 'test' });
    const data = new IndicatorData(ctx.database);
    const g = await data.household({ village: v2, sexOfHead: 'L', snapshots: [['2026-01-31', 4]] });
    await data.enrol(g.householdId, 'PKH', ['2026-03']);
    const status = async () => (await indicatorStatus(ctx.database, sets))[0]!.staleness;
    expect(await status()).toEqual({ full: false, regencies: ['53.01'] });
    await data.enrol(g.householdId, 'PKH', ['2026-04']);
    expect(await status()).toEqual({ full: true, regencies: [] });
    const all = await refreshIndicators(ctx.database, { sets, changed: true, actor: 'test' });
    expect(all.map((r) => r.regions)).toEqual(all.map(() => ['']));
    const batch = await ctx.database.db
      .insertInto('source_batches')
      .values({ source: 'manual', file_name: 'reverted', snapshot_date: '2026-01-31' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await status()).toEqual({ full: false, regencies: [] });
    await ctx.database.db
      .updateTable('source_batches')
      .set({ reverted_at: new Date() })
      .where('id', '=', batch.id)
      .execute();
    expect(await status()).toEqual({ full: true, regencies: [] });
  });
});
