import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { matchComparisons } from './design/match.js';
import { parseShare, randomize } from './design/randomize.js';
import { BASELINE_COVARIATES } from './cluster-strata.js';
import {
  assignmentsOf,
  createPilot,
  pilotRecord,
  COMPARISON_METHOD,
  matchPilot,
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
    await expect(attempt({ design: 'stepped_wedge' })).rejects.toThrow(/at least 2 waves/);
    await expect(attempt({ policyId: 'nope' })).rejects.toThrow(/not stored/);
    await expect(attempt({ name: 'Uji coba NTT' })).rejects.toMatchObject({ code: 'pilot_exists' });
    await expect(attempt({ treatedShare: '1.5' })).rejects.toThrow(/decimal from 0 to 1/);
  });

  it('creates a pilot from the top of the village ranking', async () => {
    // Deciles 1 + (7n mod 10) for household n = 1..36, three a village: households 10, 20 and 30 (villages 3, 6
    // and 9) are the only decile-1 ones, so those score 30 × 1/3 + 15 × 1/1 = 25; the rest 0 (operating
    // cooperatives, no recipients, no profiles).
    const id = await ctx.database.transaction((tx) =>
      createPilot(
        tx,
        {
          name: 'Peringkat NTT',
          regionCode: '53.01',
          design: 'randomized',
          waves: [{ startsOn: '2026-03-01' }],
          policyId: 'pilot-test',
          memberTreatments: ['ANGGOTA_SIMPANAN'],
          fromRanking: 3,
        },
        TEST_ACTOR,
      ),
    );
    const keys = await ctx.database.db
      .selectFrom('pilot_clusters')
      .select('cluster_key')
      .where('pilot_id', '=', id)
      .orderBy('cluster_key')
      .execute();
    expect(keys.map((k) => k.cluster_key)).toEqual([world.villages[3], world.villages[6], world.villages[9]]);
    await expect(
      ctx.database.transaction((tx) =>
        createPilot(
          tx,
          {
            name: 'Peringkat 2',
            regionCode: '53.01',
            design: 'randomized',
            waves: [{ startsOn: '2026-03-01' }],
            policyId: 'pilot-test',
            memberTreatments: ['ANGGOTA_SIMPANAN'],
            fromRanking: 3,
            villages: world.villages,
          },
          TEST_ACTOR,
        ),
      ),
    ).rejects.toThrow(/not both/);
  });

  it('non-randomised: matches comparison clusters to the chosen ones, stores and publishes them like a draw', async () => {
    const id = await ctx.database.transaction((tx) =>
      createPilot(
        tx,
        {
          name: 'Pembanding NTT',
          regionCode: '53.01',
          design: 'non_randomized',
          waves: [{ startsOn: '2026-03-01' }, { startsOn: '2026-06-01' }],
          policyId: 'pilot-test',
          memberTreatments: ['ANGGOTA_SIMPANAN'],
          villages: world.villages,
        },
        TEST_ACTOR,
      ),
    );
    expect((await pilotRecord(ctx.database, id))!.comparison_method).toBe(COMPARISON_METHOD);
    const match = (treated: { cluster: string; wave?: number }[], reason?: string) =>
      ctx.database.transaction((tx) => matchPilot(tx, id, { treated, reason }, TEST_ACTOR));
    await expect(
      ctx.database.transaction((tx) => randomizePilot(tx, id, { seed: '1' }, TEST_ACTOR)),
    ).rejects.toMatchObject({ code: 'not_randomized' });
    await expect(
      ctx.database.transaction((tx) => matchPilot(tx, pilotId, { treated: [] }, TEST_ACTOR)),
    ).rejects.toMatchObject({ code: 'randomized_design' });
    await expect(match([{ cluster: world.villages[0]! }, { cluster: '53.01.99.9999' }])).rejects.toThrow(
      /treated\[1\] \(53\.01\.99\.9999\): not a cluster/,
    );
    await expect(match([{ cluster: world.villages[0]!, wave: 3 }])).rejects.toThrow(/treated\[0\].*wave 3/);
    await expect(match([])).rejects.toThrow(/between 1 and 11/);

    const chosen = [world.villages[0]!, world.villages[4]!, world.villages[8]!];
    const draft = await match(chosen.map((cluster, i) => ({ cluster, wave: i === 2 ? 2 : 1 })));
    expect(draft).toMatchObject({ status: 'draft', algorithm: 'entas-match/1', seed: '' });
    // The same pairs as the pure matching of the stored strata and baselines.
    const clusters = await ctx.database.db
      .selectFrom('pilot_clusters')
      .select(['cluster_key', 'stratum', 'baseline'])
      .where('pilot_id', '=', id)
      .orderBy('cluster_key')
      .execute();
    const expected = matchComparisons(
      clusters.map((c) => ({
        id: c.cluster_key,
        stratum: c.stratum,
        treated: chosen.includes(c.cluster_key),
        covariates: BASELINE_COVARIATES.map((n) => c.baseline[n]),
      })),
    );
    const matching = draft.summary.matching!;
    expect(matching.pairs).toEqual(expected.pairs);
    expect(matching.unmatched).toEqual(expected.unmatched);
    expect(matching.pairs.length + matching.unmatched.length).toBe(3);
    const rows = await assignmentsOf(ctx.database, draft.id);
    expect(rows.filter((r) => r.arm === 'treatment').map((r) => [r.village_code, r.wave_no])).toEqual([
      [chosen[0], 1],
      [chosen[1], 1],
      [chosen[2], 2],
    ]);
    expect(rows.filter((r) => r.arm === 'control').map((r) => r.village_code)).toEqual(
      matching.pairs.map((p) => p.control).sort(),
    );
    expect(draft.summary).toMatchObject({ treated: 3, control: matching.pairs.length });
    // Balance of the matched set (pairs only) and, for comparison, of all treated against the whole pool.
    expect(draft.summary.balance[0]).toMatchObject({
      covariate: 'share_decile_1_2',
      n_treatment: matching.pairs.length,
      n_control: matching.pairs.length,
    });
    expect(matching.balance_before[0]).toMatchObject({ n_treatment: 3, n_control: 9 });

    await ctx.database.transaction((tx) => publishPilot(tx, id, TEST_ACTOR));
    await expect(match([{ cluster: chosen[0]! }])).rejects.toMatchObject({ code: 'reason_required' });
    const redo = await match([{ cluster: chosen[0]! }], 'desa kedua belum siap');
    expect(redo).toMatchObject({ status: 'draft', reason: 'desa kedua belum siap', supersedes: draft.id });
  });
});
