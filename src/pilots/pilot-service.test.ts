import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { parseShare, randomize } from './design/randomize.js';
import {
  assignmentsOf,
  createPilot,
  pilotRecord,
  publishPilot,
  randomizePilot,
  type RandomizationRecord,
} from './pilot-service.js';
import { buildPilotWorld, TEST_ACTOR, type PilotWorld } from './test-builders.js';

/**
 * The same world and seed on every engine: the assignment must match the pure draw of the stored (cluster, stratum)
 * pairs and its digest must be the one pinned here — so PGlite and PostgreSQL give one assignment.
 */
const PINNED_OUTPUT_SHA256 = '3c70b23748b4223f1068026ecbedf54391ed48d0e3571b0ed7631ea8163dfec8';

describe.each(testEngines())('pilot design in the database on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let world: PilotWorld;
  let pilotId = 0;
  let first: RandomizationRecord;

  beforeAll(async () => {
    world = await buildPilotWorld(ctx.database.db, { villages: 12 });
    pilotId = await ctx.database.transaction((tx) =>
      createPilot(
        tx,
        {
          name: 'Uji coba NTT',
          regionCode: '53.01',
          design: 'randomized',
          treatedShare: '0.5',
          waves: [{ startsOn: '2026-03-01', endsOn: '2026-04-30' }, { startsOn: '2026-06-01' }],
          policyId: 'pilot-test',
          memberTreatments: ['ANGGOTA_SIMPANAN'],
          villages: world.villages,
        },
        TEST_ACTOR,
      ),
    );
  }, 60_000);

  it('stores every village as a cluster with its regency × tercile stratum and baseline', async () => {
    const clusters = await ctx.database.db
      .selectFrom('pilot_clusters')
      .select(['cluster_key', 'stratum', 'baseline', 'province_code'])
      .where('pilot_id', '=', pilotId)
      .orderBy('cluster_key')
      .execute();
    expect(clusters.map((c) => c.cluster_key)).toEqual(world.villages);
    expect(new Set(clusters.map((c) => c.stratum))).toEqual(new Set(['53.01/T1', '53.01/T2', '53.01/T3']));
    expect(clusters.every((c) => c.province_code === '53')).toBe(true);
    expect(clusters[0]!.baseline).toMatchObject({
      household_size: 2,
      recipients: 0,
      cooperative_presence: 1,
    });
  });

  it('draws the pure algorithm’s assignment, exact within strata, identical on every engine', async () => {
    first = await ctx.database.transaction((tx) =>
      randomizePilot(tx, pilotId, { seed: '20260301' }, TEST_ACTOR),
    );
    const rows = await assignmentsOf(ctx.database, first.id);
    const pure = randomize(
      rows.map((r) => ({ id: r.cluster_key, stratum: r.stratum })),
      { share: parseShare('0.5'), seed: '20260301', waves: 2 },
    );
    expect(rows.map((r) => [r.arm, r.wave_no])).toEqual(pure.assignments.map((a) => [a.arm, a.wave]));
    for (const s of first.summary.strata) {
      expect([Math.floor(s.clusters / 2), Math.ceil(s.clusters / 2)]).toContain(s.treated);
    }
    expect(first.summary.treated + first.summary.control).toBe(12);
    expect(first.summary.balance.map((b) => b.covariate)).toEqual([
      'share_decile_1_2',
      'household_size',
      'share_female_headed',
      'recipients',
      'cooperative_presence',
    ]);
    const text = rows.map((r) => `${r.cluster_key},${r.arm},${r.wave_no ?? ''}\n`).join('');
    expect(first.output_sha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(first.output_sha256).toBe(PINNED_OUTPUT_SHA256);
    expect(first).toMatchObject({ status: 'draft', seed: '20260301', algorithm: 'entas-randomize/1' });
  });

  it('another seed gives another assignment; a draft re-draw discards the earlier draft', async () => {
    const other = await ctx.database.transaction((tx) =>
      randomizePilot(tx, pilotId, { seed: '7' }, TEST_ACTOR),
    );
    expect(other.output_sha256).not.toBe(first.output_sha256);
    const again = await ctx.database.transaction((tx) =>
      randomizePilot(tx, pilotId, { seed: '20260301' }, TEST_ACTOR),
    );
    expect(again.output_sha256).toBe(first.output_sha256);
    const statuses = await ctx.database.db
      .selectFrom('pilot_randomizations')
      .select('status')
      .where('pilot_id', '=', pilotId)
      .orderBy('id')
      .execute();
    expect(statuses.map((s) => s.status)).toEqual(['discarded', 'discarded', 'draft']);
  });

  it('publication makes the assignment immutable; only an audited, reasoned draw supersedes it', async () => {
    const published = await ctx.database.transaction((tx) => publishPilot(tx, pilotId, TEST_ACTOR));
    expect(published.status).toBe('published');
    await expect(
      sql`UPDATE pilot_assignments SET arm = 'control' WHERE randomization_id = ${published.id}`.execute(
        ctx.database.db,
      ),
    ).rejects.toThrow(/immutable/);
    await expect(
      sql`DELETE FROM pilot_assignments WHERE randomization_id = ${published.id}`.execute(ctx.database.db),
    ).rejects.toThrow(/immutable/);
    await expect(
      sql`UPDATE pilot_randomizations SET seed = '1' WHERE id = ${published.id}`.execute(ctx.database.db),
    ).rejects.toThrow(/immutable/);
    await expect(
      sql`UPDATE pilot_randomizations SET status = 'draft' WHERE id = ${published.id}`.execute(
        ctx.database.db,
      ),
    ).rejects.toThrow(/refused/);
    await expect(
      ctx.database.transaction((tx) => randomizePilot(tx, pilotId, { seed: '9' }, TEST_ACTOR)),
    ).rejects.toMatchObject({ code: 'reason_required' });
    const redraw = await ctx.database.transaction((tx) =>
      randomizePilot(tx, pilotId, { seed: '9', reason: 'two villages merged' }, TEST_ACTOR),
    );
    expect(redraw).toMatchObject({
      status: 'draft',
      supersedes: published.id,
      reason: 'two villages merged',
    });
    await ctx.database.transaction((tx) => publishPilot(tx, pilotId, TEST_ACTOR));
    const record = await pilotRecord(ctx.database, pilotId);
    expect(record).toMatchObject({ status: 'published', clusters: 12, wave_count: 2 });
    expect(record!.randomization).toMatchObject({ id: redraw.id, status: 'published' });
    const old = await ctx.database.db
      .selectFrom('pilot_randomizations')
      .select('status')
      .where('id', '=', published.id)
      .executeTakeFirstOrThrow();
    expect(old.status).toBe('superseded');
    const audit = await ctx.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'pilot')
      .where('subject_id', '=', String(pilotId))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'pilot.create',
      'pilot.randomize',
      'pilot.randomize',
      'pilot.randomize',
      'pilot.publish',
      'pilot.randomize',
      'pilot.publish',
    ]);
  });

  it('refuses bad designs with a reason', async () => {
    const base = {
      name: 'x',
      regionCode: '53.01',
      design: 'randomized' as const,
      waves: [{ startsOn: '2026-03-01' }],
      policyId: 'pilot-test',
      memberTreatments: ['ANGGOTA_SIMPANAN'],
    };
    const attempt = (over: object) =>
      ctx.database.transaction((tx) => createPilot(tx, { ...base, ...over }, TEST_ACTOR));
    await expect(attempt({ design: 'non_randomized' })).rejects.toThrow(/comparison-method/);
    await expect(attempt({ design: 'stepped_wedge' })).rejects.toThrow(/at least 2 waves/);
    await expect(attempt({ policyId: 'nope' })).rejects.toThrow(/not stored/);
    await expect(attempt({ name: 'Uji coba NTT' })).rejects.toMatchObject({ code: 'pilot_exists' });
    await expect(attempt({ treatedShare: '1.5' })).rejects.toThrow(/decimal from 0 to 1/);
  });
});
