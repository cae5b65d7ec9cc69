/**
 * "A known effect, recovered" (issue 17): the demo's pilot with a follow-up DTSEN snapshot in which treated
 * households improve by a planted effect; `evaluatePilot` must cover it with its 95% interval for every seed of
 * the follow-up, and cover 0 when nothing is planted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { completeDemo } from '../../demo/complete-demo.js';
import { demoFollowUp } from '../../demo/demo-followup.js';
import { demoPilot } from '../../demo/demo-pilot.js';
import { runDemo } from '../../demo/run-demo.js';
import { testEngines, useTestDatabase } from '../../testing/test-database.js';
import { evaluatePilot } from './pilot-evaluation-service.js';

const covers = (e: { ci_low: number; ci_high: number }, value: number) =>
  e.ci_low <= value && value <= e.ci_high;

describe.each(testEngines())('pilot evaluation of the demo on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let pilotId = 0;

  beforeAll(async () => {
    const summary = await runDemo(ctx.database, { regency: '53.01', households: 3000, seed: '1' });
    const completion = await completeDemo(ctx.database, {
      actor: 'test',
      region: '53.01',
    });
    const pilot = await demoPilot(ctx.database, {
      province: summary.province,
      seed: '1',
      actor: 'test',
      policyId: completion.policy.id,
    });
    pilotId = pilot.pilot_id;
  }, 600_000);

  it('covers the planted effect (+0.25 SD welfare, the realised shift out of deciles 1–2) for several seeds', async () => {
    for (const seed of ['1', '2', '3', '4']) {
      const f = await demoFollowUp(ctx.database, {
        province: '53',
        seed,
        pilotId,
        effect: 0.25,
        actor: 'test',
      });
      const welfare = await evaluatePilot(ctx.database, pilotId, { outcome: 'welfare_z' });
      expect(welfare.method).toBe('itt');
      expect(welfare.followup).toBe('2026-10-31');
      expect(welfare.baseline).toBe('2026-01-31');
      expect(welfare.formula).toBe('y ~ treat + y0 + factor(stratum)');
      expect(welfare.clusters).toBeGreaterThanOrEqual(40);
      expect(covers(welfare.effect, 0.25), `seed ${seed}: ${JSON.stringify(welfare.effect)}`).toBe(true);
      expect(welfare.effect.ci_low, 'the effect is detected').toBeGreaterThan(0);
      expect(welfare.attrition.treated + welfare.attrition.control).toBeGreaterThan(0);
      const poor = await evaluatePilot(ctx.database, pilotId, { outcome: 'decile_1_2' });
      expect(f.planted.decile_1_2).toBeLessThan(0);
      expect(covers(poor.effect, f.planted.decile_1_2), `seed ${seed}: ${JSON.stringify(poor.effect)}`).toBe(
        true,
      );
    }
  }, 600_000);

  it('covers 0 when no effect is planted', async () => {
    for (const seed of ['5', '6']) {
      const f = await demoFollowUp(ctx.database, { province: '53', seed, pilotId, effect: 0, actor: 'test' });
      expect(f.planted.decile_1_2).toBe(0);
      for (const outcome of ['welfare_z', 'decile_1_2', 'welfare_index'] as const) {
        const r = await evaluatePilot(ctx.database, pilotId, { outcome });
        expect(covers(r.effect, 0), `seed ${seed} ${outcome}: ${JSON.stringify(r.effect)}`).toBe(true);
      }
    }
  }, 600_000);

  it('runs DiD, staggered and the membership outcome on the same data and names a missing snapshot date', async () => {
    await demoFollowUp(ctx.database, { province: '53', seed: '1', pilotId, effect: 0.25, actor: 'test' });
    const did = await evaluatePilot(ctx.database, pilotId, { outcome: 'welfare', method: 'did' });
    expect(did.formula).toBe('y ~ treat + post + treat:post');
    expect(did.effect.estimate).toBeGreaterThan(0);
    const cs = await evaluatePilot(ctx.database, pilotId, { outcome: 'welfare', method: 'staggered' });
    expect(cs.staggered?.cells.length).toBeGreaterThan(0);
    expect(cs.effect.estimate).toBeGreaterThan(0);
    const member = await evaluatePilot(ctx.database, pilotId, { outcome: 'member' });
    expect(member.effect.estimate, 'the funnel made members in treated clusters').toBeGreaterThan(0);
    await expect(
      evaluatePilot(ctx.database, pilotId, { outcome: 'welfare', followup: '2027-01-31' }),
    ).rejects.toThrow(/no DTSEN snapshot .* on that date/);
  }, 600_000);
});
