import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildCooperative,
  buildEnrolment,
  buildHousehold,
  buildMembership,
} from '../policy/test-builders.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { readProfileCsv } from './village-profile.js';
import { scoreVillages, type VillageFacts } from './village-score.js';
import { importProfiles, rankVillages } from './village-service.js';
import { VillageRepository } from './village-repository.js';

const facts = (more: Partial<VillageFacts>): VillageFacts => ({
  villageCode: '53.01.05.2003',
  name: 'x',
  households: 10,
  decile1: 0,
  extremePoor: 0,
  recipients: 0,
  recipientsNotMembers: 0,
  cooperative: 'operating',
  readiness: null,
  ...more,
});

describe('village score', () => {
  it('matches hand-computed values', () => {
    const [a, b] = scoreVillages([
      // 30×4/10 + 15×4/4 + 15×1/10 + 15×3/4 + 15 + 10×3/5 = 12 + 15 + 1.5 + 11.25 + 15 + 6 = 60.75
      facts({
        villageCode: 'A',
        decile1: 4,
        extremePoor: 1,
        recipients: 4,
        recipientsNotMembers: 3,
        cooperative: 'none',
        readiness: 3,
      }),
      // 30×2/20 + 15×2/4 + 0 + 0 + 7.5 + 0 = 3 + 7.5 + 7.5 = 18
      facts({ villageCode: 'B', households: 20, decile1: 2, cooperative: 'forming' }),
    ]);
    expect(a).toMatchObject({
      villageCode: 'A',
      score: 60.75,
      parts: { poverty: 28.5, reach_gap: 11.25, cooperative_gap: 15, readiness: 6 },
    });
    expect(b).toMatchObject({ villageCode: 'B', score: 18 });
  });
});

describe('village profile CSV', () => {
  it('reads lists, yes/no and numbers, and names row and field of bad values', () => {
    const ok = readProfileCsv(
      'village_code,main_livelihoods,has_market,market_distance_km,cooperative_readiness\n5301052003,Pertanian; Perikanan,ya,"2,5",4\n',
    );
    expect(ok.problems).toEqual([]);
    expect(ok.profiles[0]).toMatchObject({
      villageCode: '53.01.05.2003',
      mainLivelihoods: ['pertanian', 'perikanan'],
      hasMarket: true,
      marketDistanceKm: 2.5,
      cooperativeReadiness: 4,
    });
    const bad = readProfileCsv(
      'village_code,has_market,cooperative_readiness,colour\n53.01.05,mungkin,9,red\n',
    );
    expect(bad.problems).toEqual([
      { row: 1, field: 'colour', message: 'unknown column "colour"' },
      { row: 2, field: 'village_code', message: '"53.01.05" is not a village code (PP.RR.DD.VVVV)' },
      { row: 2, field: 'has_market', message: '"mungkin" is not yes/no (ya/tidak)' },
      { row: 2, field: 'cooperative_readiness', message: '"9" must be a whole number ≥ 0 and ≤ 5' },
    ]);
  });
});

describe.each(testEngines())('villages on %s', (kind) => {
  const ctx = useTestDatabase(kind);

  it('imports profiles with history and ranks villages from the data', async () => {
    const db = ctx.database.db;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-villages-'));
    const file = path.join(dir, 'profiles.csv');
    fs.writeFileSync(
      file,
      'village_code,cooperative_readiness,has_market\n53.01.05.2003,5,ya\n53.01.05.1001,1,tidak\n',
    );
    expect(await importProfiles(ctx.database, file, 'test')).toEqual({
      file,
      rows: 2,
      created: 2,
      updated: 0,
    });
    fs.writeFileSync(file, 'village_code,cooperative_readiness\n53.01.05.2003,4\n');
    expect(await importProfiles(ctx.database, file, 'test')).toMatchObject({ created: 0, updated: 1 });
    expect(await new VillageRepository(db).historyCount('53.01.05.2003')).toBe(1);
    fs.writeFileSync(file, 'village_code\n53.01.05.9999\n');
    await expect(importProfiles(ctx.database, file, 'test')).rejects.toThrow(
      `${file}: row 2, field village_code: village 53.01.05.9999 is not in the region reference`,
    );

    // Desa 2003: 3 households, 2 in decile 1 (one extreme poor), both on PKH, one already a member; no cooperative.
    const h1 = await buildHousehold(db, {
      village: '53.01.05.2003',
      decile: 1,
      members: [{ birth: '1980-01-01', nik: '5301050101800001' }],
    });
    const h2 = await buildHousehold(db, {
      village: '53.01.05.2003',
      decile: 1,
      members: [{ birth: '1980-01-01' }],
    });
    await buildHousehold(db, { village: '53.01.05.2003', decile: 6, members: [] });
    await db
      .updateTable('households')
      .set({ socio: JSON.stringify({ miskin_ekstrem: true }) })
      .where('id', '=', h2)
      .execute();
    await buildEnrolment(db, { program: 'PKH', period: '2026-06', householdId: h1 });
    await buildEnrolment(db, { program: 'PKH', period: '2026-06', householdId: h2 });
    // Kelurahan 1001: 2 households, 1 in decile 1, operating cooperative which the recipient joined.
    const h3 = await buildHousehold(db, {
      village: '53.01.05.1001',
      decile: 1,
      members: [{ birth: '1980-01-01', nik: '5301050101800003' }],
    });
    await buildHousehold(db, { village: '53.01.05.1001', decile: 4, members: [] });
    const coop = await buildCooperative(db, { village: '53.01.05.1001' });
    await buildEnrolment(db, { program: 'PKH', period: '2026-06', householdId: h3 });
    await buildMembership(db, { cooperativeId: coop, nik: '5301050101800003' });
    await buildMembership(db, { cooperativeId: coop, nik: '5301050101800001', leftOn: null });
    // Another province: excluded with --province 53. Its only cooperative is inactive: said so, scored as none.
    await buildHousehold(db, { village: '11.01.01.2001', decile: 1, members: [] });
    await buildCooperative(db, { village: '11.01.01.2001', status: 'inactive' });

    const ranked = await rankVillages(ctx.database, { province: '53' });
    expect(ranked.map((v) => v.villageCode)).toEqual(['53.01.05.2003', '53.01.05.1001']);
    // 2003: 30×2/3 + 15×2/2 + 15×1/3 + 15×1/2 + 15 + 10×4/5 = 20 + 15 + 5 + 7.5 + 15 + 8 = 70.5
    expect(ranked[0]).toMatchObject({
      households: 3,
      decile1: 2,
      extremePoor: 1,
      recipients: 2,
      recipientsNotMembers: 1,
      cooperative: 'none',
      readiness: 4,
      score: 70.5,
    });
    // 1001: 30×1/2 + 15×1/2 + 0 + 0 + 0 + 10×1/5 = 15 + 7.5 + 2 = 24.5
    expect(ranked[1]).toMatchObject({
      households: 2,
      decile1: 1,
      recipients: 1,
      recipientsNotMembers: 0,
      cooperative: 'operating',
      score: 24.5,
    });
    expect(await rankVillages(ctx.database, { top: 1 })).toHaveLength(1);
    const aceh = (await rankVillages(ctx.database, {})).find((v) => v.villageCode === '11.01.01.2001');
    expect(aceh).toMatchObject({ cooperative: 'inactive', parts: { cooperative_gap: 15 } });
  });
});
