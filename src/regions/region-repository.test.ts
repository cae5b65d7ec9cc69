import { describe, expect, it } from 'vitest';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { RegionRepository } from './region-repository.js';

describe.each(testEngines())('RegionRepository on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  const repo = () => new RegionRepository(ctx.database.db);

  it('shows a village with its ancestors, top first', async () => {
    const village = (await repo().descendants('53.01.05', 4))[0]!;
    const detail = await repo().show(village.code.replace(/\./g, ''));
    expect(detail.code).toBe(village.code);
    expect(detail.ancestors.map((a) => a.code)).toEqual(['53', '53.01', '53.01.05']);
    expect(detail.ancestors.map((a) => a.level)).toEqual([1, 2, 3]);
    expect(detail.childCount).toBe(0);
    expect(['desa', 'kelurahan', 'desa_adat']).toContain(detail.kind);
  });

  it('counts descendants consistently at every level', async () => {
    const province = await repo().show('53');
    const regencies = await repo().children('53');
    expect(regencies.length).toBe(province.childCount);
    expect(regencies.every((r) => r.parentCode === '53' && r.level === 2)).toBe(true);
    const villages = await repo().descendants('53', 4);
    expect(villages.length).toBe(province.villageCount);
    expect(villages.every((v) => v.code.startsWith('53.'))).toBe(true);
    expect(await repo().children(null)).toHaveLength(38);
  });

  it('knows which codes exist', async () => {
    expect(await repo().existing(['53', '53.01', '53.99', '00'])).toEqual(new Set(['53', '53.01']));
  });

  it('names the code in errors', async () => {
    await expect(repo().show('53.99')).rejects.toThrow('unknown region code "53.99"');
    await expect(repo().show('5x')).rejects.toThrow('invalid region code "5x"');
  });
});
