import { describe, expect, it } from 'vitest';
import { IndicatorData } from '../../indicators/testing/indicator-data.js';
import { entas, lastJson } from '../../testing/cli.js';
import { createTestDatabase } from '../../testing/test-database.js';

describe('entas indicators', () => {
  it('list, refresh (with progress), show by region and period, drill-down and clear errors', async () => {
    const testDb = await createTestDatabase('pglite');
    try {
      const database = await testDb.open();
      const data = new IndicatorData(database);
      const [v1 = ''] = await data.villages('53.01', 1);
      const a = await data.household({ village: v1, sexOfHead: 'P', snapshots: [['2026-01-31', 2]] });
      const b = await data.household({ village: v1, sexOfHead: 'L', snapshots: [['2026-01-31', 3]] });
      await data.enrol(a.householdId, 'PKH', ['2026-04', '2026-05']);
      await data.enrol(b.householdId, 'PKH', ['2026-05']);
      await data.member({ village: v1, personId: a.personId, joinedOn: '2026-01-10' });
      await database.close();
      const env = testDb.env;

      const before = await entas(['indicators', 'list', '--json'], env);
      expect(before.code, before.stderr).toBe(0);
      const listed = lastJson(before.stdout) as {
        indicators: { id: string; version: number | null; stale: boolean }[];
      };
      expect(listed.indicators.find((i) => i.id === 'kpm_conversion')).toMatchObject({
        version: null,
        stale: true,
      });

      const refresh = await entas(['indicators', 'refresh', 'kpm_conversion', 'bansos_exit', '--json'], {
        ...env,
        ENTAS_PROGRESS_MS: '0',
      });
      expect(refresh.code, refresh.stderr).toBe(0);
      expect(refresh.stderr).toContain('"progress":"indicators"');
      const refreshed = lastJson(refresh.stdout) as { refreshed: { indicator_id: string; rows: number }[] };
      expect(refreshed.refreshed.map((r) => r.indicator_id)).toEqual(['kpm_conversion', 'bansos_exit']);

      const show = await entas(
        ['indicators', 'show', 'kpm_conversion', '--region', '5301', '--period', '2026Q2', '--json'],
        env,
      );
      expect(show.code, show.stderr).toBe(0);
      const shown = lastJson(show.stdout) as {
        region: string;
        values: { period: string; numerator: number; denominator: number; value: number }[];
      };
      // Q2: A and B received PKH; A is a member.
      expect(shown.region).toBe('53.01');
      expect(shown.values).toEqual([
        expect.objectContaining({ period: '2026Q2', numerator: 1, denominator: 2, value: 50 }),
      ]);

      const drill = await entas(
        [
          'indicators',
          'show',
          'kpm_conversion',
          '--region',
          '53.01',
          '--period',
          '2026-05',
          '--children',
          '--by',
          'sex_of_head',
        ],
        {
          ...env,
          ENTAS_LANG: 'id',
        },
      );
      expect(drill.code, drill.stderr).toBe(0);
      expect(drill.stdout).toContain('Konversi KPM');
      expect(drill.stdout).toMatch(/2026-05\s+53\.01\.\d\d\s/);

      // New rows in 33.74: only that regency is stale; --changed recomputes it alone.
      const more = await testDb.open();
      const [w1 = ''] = await new IndicatorData(more).villages('33.74', 1);
      const c = await new IndicatorData(more).household({ village: w1, snapshots: [['2026-01-31', 1]] });
      await new IndicatorData(more).enrol(c.householdId, 'PKH', ['2026-05']);
      await more.close();
      const stale = lastJson((await entas(['indicators', 'list', '--json'], env)).stdout) as {
        indicators: { id: string; stale: boolean; needs_full_refresh: boolean; stale_regencies: string[] }[];
      };
      expect(stale.indicators.find((i) => i.id === 'kpm_conversion')).toMatchObject({
        stale: true,
        needs_full_refresh: false,
        stale_regencies: ['33.74'],
      });
      const changed = await entas(['indicators', 'refresh', 'kpm_conversion', '--changed', '--json'], env);
      expect(changed.code, changed.stderr).toBe(0);
      expect(lastJson(changed.stdout)).toMatchObject({ refreshed: [{ regions: ['33.74'] }] });
      const listText = await entas(['indicators', 'list'], env);
      expect(listText.stdout).toMatch(/bansos_exit .*stale in 1 regencies \(33\.74\)/);

      const bad = await entas(['indicators', 'show', 'kpm_conversion', '--period', '2026W3'], env);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('invalid period "2026W3"');
    } finally {
      await testDb.dispose();
    }
  }, 600_000);
});
