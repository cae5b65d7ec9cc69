import { beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../testing/test-database.js';
import { useTestApp } from './test-app.js';
import type { Fixture } from './test-fixtures.js';

describe.each(testEngines())(
  'programs, village ranking and targeting reports through the scope on %s',
  (kind) => {
    const api = useTestApp(kind);
    const get = <T>(url: string, token: string, status = 200) => api.get<T>(url, token, status);
    let fx: Fixture;
    let national: string;
    let alfaOfficer: string;
    let bravoOfficer: string;
    let coop: string;

    beforeAll(async () => {
      fx = api.fx;
      national = await api.token('bptaskin_analyst', {}, 'analis');
      alfaOfficer = await api.token('pemda_officer', { regions: [fx.alfa.regency] }, 'pemda-alfa');
      bravoOfficer = await api.token('pemda_officer', { regions: [fx.bravo.regency] }, 'pemda-bravo');
      coop = await api.token('coop_officer', { cooperativeId: fx.alfa.cooperativeId }, 'kop');
    });

    it('lists programs with their eligible deciles', async () => {
      const { items } = await get<{ items: { code: string; eligible_deciles: number[] }[] }>(
        '/api/v1/programs',
        national,
      );
      expect(items.map((p) => p.code)).toContain('PKH');
      await get('/api/v1/programs', coop, 403);
    });

    it('ranks only villages in scope', async () => {
      type Ranking = { items: { rank: number; village_code: string; households: number }[] };
      const alfa = await get<Ranking>('/api/v1/villages/ranking', alfaOfficer);
      expect(alfa.items.length).toBeGreaterThan(0);
      expect(alfa.items.every((v) => v.village_code.startsWith(`${fx.alfa.regency}.`))).toBe(true);
      expect(alfa.items.map((v) => v.rank)).toEqual(alfa.items.map((_v, i) => i + 1));
      expect(alfa.items.find((v) => v.village_code === fx.alfa.village)).toMatchObject({ households: 1 });
      const other = await get<Ranking>('/api/v1/villages/ranking?province=53', bravoOfficer);
      expect(other.items).toEqual([]);
      const province = await get<Ranking>('/api/v1/villages/ranking?province=53&top=5000', national);
      expect(province.items.some((v) => v.village_code === fx.alfa.village)).toBe(true);
    });

    it('targeting covers one region of the scope; a region outside it reads as empty', async () => {
      type Report = { region: string | null; programs: { program: string; recipients: number }[] };
      const alfa = await get<Report>('/api/v1/reports/targeting?program=PKH', alfaOfficer);
      expect(alfa.region).toBe(fx.alfa.regency);
      expect(alfa.programs).toEqual([expect.objectContaining({ program: 'PKH', recipients: 1 })]);
      const outside = await get<Report>(`/api/v1/reports/targeting?region=${fx.alfa.regency}`, bravoOfficer);
      expect(outside.programs).toEqual([]);
      const all = await get<Report>('/api/v1/reports/targeting?program=PKH', national);
      expect(all.programs[0]!.recipients).toBe(2);
      expect(await get('/api/v1/reports/targeting/unmatched', alfaOfficer)).toEqual({ items: [] });
      await get('/api/v1/reports/targeting/unmatched', coop, 403);
    });
  },
);
