import { beforeAll, describe, expect, it } from 'vitest';
import { buildCooperative } from '../policy/test-builders.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { UserError } from '../shared/errors.js';
import { loadCooperativeClusterCounts } from './cluster-repository.js';
import { loadPilotPopulation } from './evaluation/pilot-data-repository.js';
import { addEnrolment, openWave } from './enrolment/enrolment-service.js';
import { assignmentsOf, createPilot, pilotRecord, publishPilot, randomizePilot } from './pilot-service.js';
import { buildPilotWorld, reassignHousehold, TEST_ACTOR, type PilotWorld } from './test-builders.js';

/**
 * Cooperative clusters: 4 villages V0..V3 with a cooperative K0..K3 each and 3 households (the last one not a
 * member treatment); V0 gets a second cooperative K0b. Later decisions move V0's first household to K0b and
 * V1's first household (living in V1) to K0, so clusters follow the decisions, not the villages:
 * K0 = {V0h1, V0h2, V1h0}, K0b = {V0h0}, K1 = {V1h1, V1h2}, K2 = V2's three, K3 = V3's three.
 */
describe.each(testEngines())('a cooperative pilot on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let world: PilotWorld;
  let pilotId = 0;
  let k0b = 0;
  /** Current cooperative of every household, by the decisions above. */
  const cooperativeOf = new Map<number, number>();
  const registration = new Map<number, string>();

  beforeAll(async () => {
    const db = ctx.database.db;
    world = await buildPilotWorld(db, { villages: 4, perVillage: 3 });
    const [v0, v1] = world.villages.map((v) => world.byVillage.get(v)!);
    k0b = await buildCooperative(db, { village: world.villages[0]!, name: 'Kopdes Kedua' });
    await reassignHousehold(db, world, v0!.households[0]!.id, k0b, 'village');
    await reassignHousehold(db, world, v1!.households[0]!.id, v0!.cooperativeId);
    for (const { cooperativeId, households } of world.byVillage.values())
      for (const h of households) cooperativeOf.set(h.id, cooperativeId);
    cooperativeOf.set(v0!.households[0]!.id, k0b);
    cooperativeOf.set(v1!.households[0]!.id, v0!.cooperativeId);
    for (const k of await db.selectFrom('cooperatives').select(['id', 'registration_no']).execute())
      registration.set(k.id, k.registration_no);
  }, 60_000);

  it('counts each cooperative over the households its current decisions assign to it', async () => {
    const counts = await loadCooperativeClusterCounts(ctx.database.db, '53.01', world.policyRowId);
    const [v0, v1, v2, v3] = world.villages.map((v) => world.byVillage.get(v)!.cooperativeId);
    expect(counts.map((c) => [c.cooperativeId, c.households, c.persons])).toEqual(
      expect.arrayContaining([
        [v0, 3, 6],
        [k0b, 1, 2],
        [v1, 2, 4],
        [v2, 3, 6],
        [v3, 3, 6],
      ]),
    );
    expect(counts).toHaveLength(5);
    expect(counts.find((c) => c.cooperativeId === k0b)).toMatchObject({
      key: registration.get(k0b),
      villageCode: world.villages[0],
    });
  });

  it('is created, randomised, published; a wave enrols only households of treatment cooperatives', async () => {
    pilotId = await ctx.database.transaction(async (tx) => {
      const id = await createPilot(
        tx,
        {
          name: 'Koperasi',
          regionCode: '53.01',
          design: 'randomized',
          clusterKind: 'cooperative',
          treatedShare: '0.5',
          waves: [{ startsOn: '2026-03-01' }],
          policyId: 'pilot-test',
          memberTreatments: ['ANGGOTA_SIMPANAN'],
        },
        TEST_ACTOR,
      );
      await randomizePilot(tx, id, { seed: '7' }, TEST_ACTOR);
      await publishPilot(tx, id, TEST_ACTOR);
      return id;
    });
    const record = (await pilotRecord(ctx.database, pilotId))!;
    expect(record).toMatchObject({ cluster_kind: 'cooperative', clusters: 5, status: 'published' });
    const clusters = await ctx.database.db
      .selectFrom('pilot_clusters')
      .select(['cluster_key', 'cooperative_id', 'village_code'])
      .where('pilot_id', '=', pilotId)
      .execute();
    for (const c of clusters) expect(c.cluster_key).toBe(registration.get(c.cooperative_id!));

    const keyToCoop = new Map(clusters.map((c) => [c.cluster_key, c.cooperative_id!]));
    const treated = new Set<number>();
    const control = new Set<number>();
    const draw = record.randomization!;
    for (const a of await assignmentsOf(ctx.database, draw.id))
      (a.arm === 'treatment' ? treated : control).add(keyToCoop.get(a.cluster_key)!);
    expect(treated.size).toBeGreaterThan(0);
    expect(control.size).toBeGreaterThan(0);
    // The seed puts V0's two cooperatives in different arms, so a village-based enrolment would be wrong.
    const k0 = world.byVillage.get(world.villages[0]!)!.cooperativeId;
    expect(treated.has(k0) !== treated.has(k0b)).toBe(true);

    const opened = await ctx.database.transaction((tx) => openWave(tx, pilotId, 1, TEST_ACTOR));
    const expected = [...world.byVillage.values()]
      .flatMap((v) => v.households.slice(0, -1))
      .filter((h) => treated.has(cooperativeOf.get(h.id)!));
    expect(opened).toEqual({ wave_no: 1, clusters: treated.size, identified: expected.length });
    const rows = await ctx.database.db
      .selectFrom('pilot_enrolments as e')
      .innerJoin('households as h', 'h.id', 'e.household_id')
      .select([
        'e.household_id',
        'e.person_id',
        'e.cooperative_id',
        'e.village_code',
        'h.village_code as home',
      ])
      .where('e.pilot_id', '=', pilotId)
      .orderBy('e.household_id')
      .execute();
    expect(rows.map((r) => r.household_id)).toEqual(expected.map((h) => h.id).sort((a, b) => a - b));
    for (const r of rows) {
      expect(treated.has(r.cooperative_id!)).toBe(true);
      expect(r.village_code).toBe(r.home);
    }
    expect(rows.map((r) => r.person_id)).toEqual(expect.arrayContaining(expected.map((h) => h.persons[0])));
  });

  it('refuses to enrol a household of a control cooperative, naming the cooperative', async () => {
    const draw = (await pilotRecord(ctx.database, pilotId))!.randomization!;
    const controlKeys = (await assignmentsOf(ctx.database, draw.id))
      .filter((a) => a.arm === 'control')
      .map((a) => a.cluster_key);
    const household = [...world.byVillage.values()]
      .flatMap((v) => v.households.slice(0, -1))
      .find((h) => controlKeys.includes(registration.get(cooperativeOf.get(h.id)!)!))!;
    const key = registration.get(cooperativeOf.get(household.id)!)!;
    const attempt = ctx.database.transaction((tx) =>
      addEnrolment(tx, { pilotId, personId: household.persons[0]! }, TEST_ACTOR),
    );
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(attempt).rejects.toMatchObject({ code: 'control_cluster' });
    await expect(attempt).rejects.toThrow(`cooperative ${key} is a control cluster of pilot ${pilotId}`);
    const enrolled = await ctx.database.db
      .selectFrom('pilot_enrolments')
      .select('id')
      .where('pilot_id', '=', pilotId)
      .where('household_id', '=', household.id)
      .execute();
    expect(enrolled).toEqual([]);
  });

  it('adds a second member of a treatment cooperative’s household that lives in another village', async () => {
    // Seed 7 treats K0, the cooperative V1's first household was moved to (and K0b stays control).
    const v1h0 = world.byVillage.get(world.villages[1]!)!.households[0]!;
    const k0 = world.byVillage.get(world.villages[0]!)!.cooperativeId;
    const draw = (await pilotRecord(ctx.database, pilotId))!.randomization!;
    const arms = new Map((await assignmentsOf(ctx.database, draw.id)).map((a) => [a.cluster_key, a.arm]));
    expect([arms.get(registration.get(k0)!), arms.get(registration.get(k0b)!)]).toEqual([
      'treatment',
      'control',
    ]);
    const added = await ctx.database.transaction((tx) =>
      addEnrolment(tx, { pilotId, personId: v1h0.persons[1]! }, TEST_ACTOR),
    );
    expect(added).toMatchObject({ cooperative_id: k0, village_code: world.villages[1], state: 'identified' });
  });

  it('evaluates the households each cooperative serves, in its arm (not the households of its village)', async () => {
    const draw = (await pilotRecord(ctx.database, pilotId))!.randomization!;
    const arms = new Map((await assignmentsOf(ctx.database, draw.id)).map((a) => [a.cluster_key, a.arm]));
    const population = await loadPilotPopulation(ctx.database, pilotId);
    const expected = [...world.byVillage.values()]
      .flatMap((v) => v.households.slice(0, -1))
      .map((h) => {
        const cluster = registration.get(cooperativeOf.get(h.id)!)!;
        return { household: h.id, cluster, treated: arms.get(cluster) === 'treatment' };
      })
      .sort((a, b) => a.household - b.household);
    expect(
      population.households.map((h) => ({ household: h.household, cluster: h.cluster, treated: h.treated })),
    ).toEqual(expected);
    // V0's first household lives in V0 but belongs to K0b, in the other arm than K0.
    const v0h0 = world.byVillage.get(world.villages[0]!)!.households[0]!.id;
    expect(population.households.find((h) => h.household === v0h0)?.cluster).toBe(registration.get(k0b));
  });
});
