import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadIndicatorSets } from '../indicators/definition-files.js';
import { refreshIndicators } from '../indicators/indicator-service.js';
import { testEngines } from '../testing/test-database.js';
import { useTestApp } from './test-app.js';
import type { Fixture } from './test-fixtures.js';

describe.each(testEngines())('indicator API on %s', (kind) => {
  const ctx = useTestApp(kind, {
    setup: async (database) => {
      await refreshIndicators(database, {
        sets: loadIndicatorSets(),
        ids: ['kpm_conversion'],
        actor: 'test',
      });
    },
  });
  let app: FastifyInstance;
  let fx: Fixture;
  let national = '';
  let regional = '';

  beforeAll(async () => {
    fx = ctx.fx;
    app = ctx.app;
    national = await ctx.token('bptaskin_analyst', {}, 'ind-analyst');
    regional = await ctx.token('pemda_officer', { regions: [fx.alfa.regency] }, 'ind-pemda');
  }, 60_000);

  const get = (url: string, token: string) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  it('lists definitions with version and freshness', async () => {
    const res = await get('/api/v1/indicators', national);
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: { id: string; version: number | null; stale: boolean }[] }>().items;
    expect(items.find((i) => i.id === 'kpm_conversion')).toMatchObject({ version: 1, stale: false });
    expect(items.find((i) => i.id === 'bansos_exit')).toMatchObject({ version: null, stale: true });
  });

  it('national: the nation, provinces as children; regional: its own node only', async () => {
    // Fixture: one PKH recipient in 2026-03 in each of 53.01 and 33.74, both members.
    const nation = await get('/api/v1/indicators/values?indicator=kpm_conversion&period=2026-03', national);
    expect(nation.statusCode).toBe(200);
    expect(nation.json()).toMatchObject({
      region: null,
      values: [{ region_code: null, region_name: 'Indonesia', numerator: 2, denominator: 2, value: 100 }],
    });
    const provinces = await get(
      '/api/v1/indicators/values?indicator=kpm_conversion&period=2026Q1&children=true',
      national,
    );
    expect(provinces.json<{ values: { region_code: string }[] }>().values.map((v) => v.region_code)).toEqual([
      '33',
      '53',
    ]);
    const own = await get('/api/v1/indicators/values?indicator=kpm_conversion&period=2026-03', regional);
    expect(own.json()).toMatchObject({ region: '53.01', values: [{ numerator: 1, denominator: 1 }] });
    const above = await get('/api/v1/indicators/values?indicator=kpm_conversion&region=53', regional);
    expect(above.statusCode).toBe(404);
    const other = await get('/api/v1/indicators/values?indicator=kpm_conversion&region=33.74', regional);
    expect(other.statusCode).toBe(404);
    const badPeriod = await get('/api/v1/indicators/values?indicator=exclusion_error&period=2026', national);
    expect(badPeriod.statusCode).toBe(400);
    expect(badPeriod.json()).toMatchObject({ error: { code: 'invalid_period' } });
  });

  it('children: the node and ALL its child regions in one request, latest period by default', async () => {
    const res = await get('/api/v1/indicators/kpm_conversion/children', national);
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      region: string | null;
      period: string;
      values: { numerator: number; denominator: number }[];
      children: { region_code: string; region_level: number; values: { numerator: number }[] }[];
    }>();
    // Latest month with values is 2026-03; every province of the region tree is listed, two with values.
    expect(body).toMatchObject({
      region: null,
      period: '2026-03',
      values: [{ numerator: 2, denominator: 2 }],
    });
    expect(body.children.length).toBeGreaterThan(30);
    expect(body.children.every((c) => c.region_level === 1)).toBe(true);
    const withValues = body.children.filter((c) => c.values.length > 0);
    expect(withValues.map((c) => c.region_code)).toEqual(['33', '53']);
    // Children sum to the node.
    expect(withValues.reduce((n, c) => n + c.values[0]!.numerator, 0)).toBe(body.values[0]!.numerator);

    const regency = await get(
      '/api/v1/indicators/kpm_conversion/children?period=2026Q1&by=program',
      regional,
    );
    expect(regency.statusCode).toBe(200);
    const districts = regency.json<{
      region: string;
      disaggregation: string;
      values: { category: string }[];
      children: { region_code: string; values: { category: string; numerator: number }[] }[];
    }>();
    expect(districts).toMatchObject({
      region: '53.01',
      disaggregation: 'program',
      values: [{ category: 'PKH' }],
    });
    expect(districts.children.every((c) => c.region_code.startsWith('53.01.'))).toBe(true);
    expect(districts.children.flatMap((c) => c.values)).toEqual([
      expect.objectContaining({ category: 'PKH', numerator: 1 }),
    ]);
    expect((await get('/api/v1/indicators/kpm_conversion/children?region=33.74', regional)).statusCode).toBe(
      404,
    );
    expect((await get('/api/v1/indicators/nope/children', national)).statusCode).toBe(404);
    const bad = await get('/api/v1/indicators/kpm_conversion/children?by=sex', national);
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_disaggregation' } });
  });

  it('the same table downloads as CSV and XLSX: the node, then every child region with its figures', async () => {
    const csv = await get(
      '/api/v1/indicators/kpm_conversion/children/export?period=2026Q1&by=program',
      regional,
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="kpm_conversion-53.01-2026Q1-program.csv"',
    );
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      'indicator,period,region_code,region_name,region_level,disaggregation,category,numerator,denominator,value,unit',
    );
    expect(lines[1]).toMatch(/^kpm_conversion,2026Q1,53\.01,[^,]+,2,program,PKH,/);
    const json = (
      await get('/api/v1/indicators/kpm_conversion/children?period=2026Q1&by=program', regional)
    ).json<{ children: { region_code: string }[] }>();
    // One row per child region (none here has more than one category), the node first.
    expect(lines.slice(2).map((l) => l.split(',')[2])).toEqual(json.children.map((c) => c.region_code));
    expect(lines.filter((l) => /,PKH,1,/.test(l))).toHaveLength(2);
    const xlsx = await get('/api/v1/indicators/kpm_conversion/children/export?format=xlsx', national);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(
      (await get('/api/v1/indicators/kpm_conversion/children/export?region=33.74', regional)).statusCode,
    ).toBe(404);
  });

  it('households by decile in each DTSEN snapshot, oldest first, only inside the scope', async () => {
    const provinces = (id: number) =>
      ctx.database.db
        .selectFrom('households')
        .select(['province_code', 'id'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const alfa = await provinces(fx.alfa.householdId);
    const bravo = await provinces(fx.bravo.householdId);
    // The fixture's own snapshots give way to two known DTSEN dates (the earlier one from a second batch).
    await ctx.database.db.deleteFrom('household_snapshots').execute();
    const earlier = await ctx.database.db
      .insertInto('source_batches')
      .values({ source: 'demo', file_name: 'earlier.csv', rows_total: 1, rows_accepted: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = (h: { province_code: string; id: number }, batch: number, date: string, decile: number) => ({
      province_code: h.province_code,
      household_id: h.id,
      batch_id: batch,
      snapshot_date: date,
      decile,
    });
    await ctx.database.db
      .insertInto('household_snapshots')
      .values([
        row(alfa, earlier.id, '2025-06-30', 2),
        row(alfa, fx.batchId, '2026-03-31', 3),
        row(bravo, fx.batchId, '2026-03-31', 1),
      ])
      .execute();
    type Trend = {
      region: { code: string } | null;
      snapshots: {
        snapshot_date: string;
        households: number;
        by_decile: { decile: number; households: number }[];
      }[];
    };
    const all = (await get('/api/v1/indicators/households/snapshots', national)).json<Trend>();
    expect(all.region).toBeNull();
    expect(all.snapshots).toEqual([
      { snapshot_date: '2025-06-30', households: 1, by_decile: [{ decile: 2, households: 1 }] },
      {
        snapshot_date: '2026-03-31',
        households: 2,
        by_decile: [
          { decile: 1, households: 1 },
          { decile: 3, households: 1 },
        ],
      },
    ]);
    // A regional officer counts only its regency; another region is absent.
    const own = (await get('/api/v1/indicators/households/snapshots', regional)).json<Trend>();
    expect(own.snapshots.map((s) => [s.snapshot_date, s.by_decile])).toEqual([
      ['2025-06-30', [{ decile: 2, households: 1 }]],
      ['2026-03-31', [{ decile: 3, households: 1 }]],
    ]);
    const bravoRegency = fx.bravo.regency;
    expect(
      (await get(`/api/v1/indicators/households/snapshots?region=${bravoRegency}`, regional)).statusCode,
    ).toBe(404);
    const filtered = (
      await get(`/api/v1/indicators/households/snapshots?region=${bravoRegency}`, national)
    ).json<Trend>();
    expect(filtered.region?.code).toBe(bravoRegency);
    expect(filtered.snapshots).toEqual([
      { snapshot_date: '2026-03-31', households: 1, by_decile: [{ decile: 1, households: 1 }] },
    ]);
  });

  it('households by decile for all children in one request match the per-region figures', async () => {
    type Item = {
      region: { code: string };
      households: number;
      by_decile: { decile: number | null; households: number }[];
    };
    const top = await get('/api/v1/indicators/households/children', national);
    expect(top.statusCode).toBe(200);
    const provinces = top.json<{ items: Item[] }>().items;
    expect(provinces.length).toBeGreaterThanOrEqual(2);
    for (const code of ['33', '53']) {
      const one = await get(`/api/v1/indicators/households?region=${code}`, national);
      const item = provinces.find((p) => p.region.code === code)!;
      expect(item.households).toBeGreaterThan(0);
      expect({ households: item.households, by_decile: item.by_decile }).toEqual({
        households: one.json<Item>().households,
        by_decile: one.json<Item>().by_decile,
      });
    }
    const regencies = await get('/api/v1/indicators/households/children?parent=53', national);
    const alfa = regencies.json<{ items: Item[] }>().items.find((r) => r.region.code === fx.alfa.regency)!;
    expect(alfa.households).toBe(provinces.find((p) => p.region.code === '53')!.households);
    // A regency officer: the top of the scope is the regency itself; a province above it is not a parent.
    const own = await get('/api/v1/indicators/households/children', regional);
    expect(own.json<{ items: Item[] }>().items.map((i) => [i.region.code, i.households])).toEqual([
      [fx.alfa.regency, alfa.households],
    ]);
    expect((await get('/api/v1/indicators/households/children?parent=33', regional)).statusCode).toBe(404);
  });
});
