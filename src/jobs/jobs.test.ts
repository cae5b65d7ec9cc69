import fs from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { localActor } from '../audit/access-audit.js';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { runDemo } from '../demo/run-demo.js';
import { loadIndicatorSets } from '../indicators/definition-files.js';
import { refreshIndicators } from '../indicators/indicator-service.js';
import { compilePolicy } from '../policy/policy-compiler.js';
import { simulatePolicy } from '../policy/policy-simulation-service.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import type { PartContext } from './job-kind.js';
import { JOB_KINDS } from './job-kinds.js';
import { JobRepository } from './job-repository.js';
import { runWorker } from './job-runner.js';
import { cancelJob, retryJob, runJobHere, showJob, submitJob } from './job-service.js';

const policyText = fs.readFileSync('policies/default.yaml', 'utf8');
const actor = localActor('jobs-test');
/** Three provinces with data: two regencies of demo data and a third province's regency. */
const REGENCIES = ['53.01', '31.71', '11.01'];

/** Every stored indicator value, in one canonical text (refresh times left out). */
async function healthScoreCount(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('coop_health_scores')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function indicatorDigest(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ digest: string | null; n: number }>`
    SELECT md5(string_agg(concat_ws('|', indicator_id, version, period, region_level, region_code, parent_code,
                 province_code, disaggregation, category, numerator, denominator), ';'
               ORDER BY indicator_id, version, period, region_code, disaggregation, category)) AS digest,
           count(*)::int AS n
    FROM indicator_values`.execute(db);
  return `${rows[0]!.n}:${rows[0]!.digest}`;
}

/** Three demo regencies and every indicator refreshed whole and by province: a minute or more on PGlite. */
const SLOW = { timeout: 300_000 };

const json = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

async function runToEnd(database: Database, id: number) {
  const detail = await runJobHere(database, id, { leaseMs: 30_000 });
  expect(detail.job.error).toBeNull();
  expect(detail.job.state).toBe('done');
  return detail;
}

describe.each(testEngines())('jobs on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let reference = '';
  let simulation: unknown;

  it('splits an indicator refresh by province; its values equal a full refresh', SLOW, async () => {
    const database = ctx.database;
    for (const regency of REGENCIES)
      await runDemo(database, { regency, households: 150, seed: regency, actor: 'jobs-test' });
    // A mentoring session in each province gives its cooperatives month-end health scores to store.
    await database.exec(`
      INSERT INTO coop_mentoring_sessions (province_code, cooperative_id, held_on, mentor, topic, recorded_by)
      SELECT DISTINCT ON (left(village_code, 2)) left(village_code, 2), id, date '2026-03-10', 'Pendamping', 'RAT', 'jobs-test'
      FROM cooperatives ORDER BY left(village_code, 2), id`);
    await refreshIndicators(database, { sets: loadIndicatorSets(), actor: 'jobs-test' });
    reference = await indicatorDigest(database.db);
    expect(reference).not.toMatch(/^0:/);
    await database.exec('DELETE FROM indicator_values');
    // The job stores the month-end health scores itself, as a whole refresh does.
    const scores = await healthScoreCount(database.db);
    expect(scores).toBeGreaterThan(0);
    await database.exec('DELETE FROM coop_health_scores');

    const id = await submitJob(database, 'indicator-refresh', { ids: [] }, 'jobs-test');
    const queued = await showJob(database, id);
    expect(queued.job.state).toBe('queued');
    expect(queued.parts.map((p) => p.part_key)).toEqual(['11', '31', '53', 'nation']);
    const done = await runToEnd(database, id);
    expect(done.parts.every((p) => p.state === 'done' && p.attempts === 1)).toBe(true);
    expect(await indicatorDigest(database.db)).toBe(reference);
    expect(await healthScoreCount(database.db)).toBe(scores);
    // Checkpoints list every indicator of every part.
    const indicators = loadIndicatorSets().flatMap((s) => s.indicators).length;
    expect(done.parts.map((p) => p.progress_done)).toEqual(done.parts.map(() => indicators));
  });

  it('splits a policy simulation by province; its report equals one simulation of everything', async () => {
    const database = ctx.database;
    const whole = await simulatePolicy(database, compilePolicy(policyText).policy!, null);
    expect(whole.households).toBe(450);
    simulation = json(whole);
    const id = await submitJob(database, 'policy-simulate', { policy_text: policyText }, 'jobs-test');
    const done = await runToEnd(database, id);
    expect(done.parts).toHaveLength(3);
    expect(done.job.result).toEqual(simulation);
  });

  it("resumes a dead worker's part from its checkpoint and finishes with the same values", SLOW, async () => {
    const database = ctx.database;
    await database.exec('DELETE FROM indicator_values');
    const id = await submitJob(database, 'indicator-refresh', { ids: [] }, 'jobs-test');
    // A worker claims province 11, commits three indicators with their checkpoints, then dies in the fourth
    // (its transaction rolls back) without releasing its lease.
    const repo = new JobRepository(database.db);
    const claimed = (await repo.claim('dead-worker', 60_000, id))!;
    expect(claimed.part_key).toBe('11');
    let saves = 0;
    const dying: PartContext = {
      jobId: id,
      key: claimed.part_key,
      province: claimed.province_code,
      checkpoint: null,
      save: async (tx, checkpoint, done, total) => {
        if (++saves === 4) throw new Error('killed');
        await new JobRepository(tx.db).renew('dead-worker', claimed, 60_000, { done, total, checkpoint });
      },
      progress: () => undefined,
    };
    const refresh = JOB_KINDS.get('indicator-refresh')!;
    const job = (await repo.job(id))!;
    await expect(refresh.runPart(database, refresh.parse(job.params), dying)).rejects.toThrow('killed');
    let part = (await repo.parts(id)).find((p) => p.part_key === '11')!;
    expect(part).toMatchObject({ state: 'running', lease_owner: 'dead-worker', progress_done: 3 });
    expect((part.checkpoint as { done: string[] }).done).toHaveLength(3);

    // Another worker sees the lease only once it runs out (PostgreSQL) — or at once on the embedded database,
    // which no other process can have open.
    if (kind === 'postgres') {
      await runWorker(database, JOB_KINDS, {
        jobId: id,
        untilIdle: true,
        pollMs: 10,
        signal: AbortSignal.timeout(1),
      });
      expect((await repo.parts(id)).find((p) => p.part_key === '11')!.lease_owner).toBe('dead-worker');
      await database.exec(
        `UPDATE job_parts SET lease_expires_at = now() - interval '1 second' WHERE job_id = ${id}`,
      );
    }
    await runToEnd(database, id);
    part = (await repo.parts(id)).find((p) => p.part_key === '11')!;
    expect(part).toMatchObject({ state: 'done', attempts: 2, lease_owner: null });
    expect(await indicatorDigest(database.db)).toBe(reference);
  });

  it('changes nothing when a finished part or job is run again', async () => {
    const database = ctx.database;
    const repo = new JobRepository(database.db);
    const [last] = await repo.list({ limit: 1 });
    const before = await showJob(database, last!.id);
    const refreshes = await database.db.selectFrom('indicator_refreshes').select('id').execute();
    // No worker claims anything from a finished job.
    await runWorker(database, JOB_KINDS, { untilIdle: true });
    const after = await showJob(database, last!.id);
    expect(after.parts).toEqual(before.parts);
    expect(after.job.finished_at).toEqual(before.job.finished_at);
    // A finished province part rerun from its checkpoint does no work; rerun from scratch it writes the same rows.
    const refresh = JOB_KINDS.get('indicator-refresh')!;
    const params = refresh.parse(before.job.params);
    const province = before.parts.find((p) => p.part_key === '53')!;
    const rerun = (checkpoint: unknown): PartContext => ({
      jobId: last!.id,
      key: '53',
      province: '53',
      checkpoint,
      save: () => Promise.resolve(),
      progress: () => undefined,
    });
    expect(await refresh.runPart(database, params, rerun(province.checkpoint))).toEqual(province.result);
    expect(await refresh.runPart(database, params, rerun(null))).toEqual(province.result);
    expect(await indicatorDigest(database.db)).toBe(reference);
    expect(await database.db.selectFrom('indicator_refreshes').select('id').execute()).toEqual(refreshes);
    await expect(retryJob(database, last!.id, actor)).rejects.toThrow(/only a failed or cancelled job/);
  });

  it('cancels a job (nothing more is claimed) and retries it to the same result', async () => {
    const database = ctx.database;
    const id = await submitJob(database, 'policy-simulate', { policy_text: policyText }, 'jobs-test');
    const repo = new JobRepository(database.db);
    // One part is done before the cancel; it is kept, not rerun, by the retry.
    const first = (await repo.claim('w1', 60_000, id))!;
    await repo.complete('w1', first, { counts: null });
    const kept = (await repo.parts(id)).find((p) => p.part_key === first.part_key)!;
    const running = (await repo.claim('w2', 60_000, id))!;
    const cancelled = await cancelJob(database, id, actor);
    expect(cancelled.job.state).toBe('cancelled');
    expect(cancelled.parts.map((p) => p.state)).toEqual(['done', 'cancelled', 'cancelled']);
    // The worker that held a part loses it: its checkpoint and completion are refused.
    await expect(repo.renew('w2', running, 60_000)).rejects.toThrow(/lease lost/);
    await expect(repo.complete('w2', running, {})).rejects.toThrow(/lease lost/);
    await runWorker(database, JOB_KINDS, { untilIdle: true });
    expect((await showJob(database, id)).job.state).toBe('cancelled');
    await expect(cancelJob(database, id, actor)).rejects.toThrow(/only a queued or running job/);
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'subject_id'])
      .where('action', 'like', 'job.%')
      .execute();
    expect(audit).toEqual([{ action: 'job.cancel', subject_id: String(id) }]);

    // Put the real result of the part done before the cancel back, as a worker would have stored it.
    const simulate = JOB_KINDS.get('policy-simulate')!;
    const real = await simulate.runPart(database, simulate.parse((await repo.job(id))!.params), {
      jobId: id,
      key: first.part_key,
      province: first.province_code,
      checkpoint: null,
      save: () => Promise.resolve(),
      progress: () => undefined,
    });
    await database.db
      .updateTable('job_parts')
      .set({ result: JSON.stringify(real) })
      .where('job_id', '=', id)
      .where('part_key', '=', first.part_key)
      .execute();
    expect((await retryJob(database, id, actor)).job.state).toBe('queued');
    const done = await runToEnd(database, id);
    expect(done.job.result).toEqual(simulation);
    const again = done.parts.find((p) => p.part_key === first.part_key)!;
    expect(again.attempts).toBe(kept.attempts);
    expect(again.finished_at).toEqual(kept.finished_at);
  });

  it('runs many parts at once with concurrent workers, each part exactly once', SLOW, async () => {
    const database = ctx.database;
    await database.exec('DELETE FROM indicator_values');
    const id = await submitJob(database, 'indicator-refresh', { ids: [] }, 'jobs-test');
    await Promise.all([
      runWorker(database, JOB_KINDS, { owner: 'a', concurrency: 3, untilIdle: true, pollMs: 20 }),
      runWorker(database, JOB_KINDS, { owner: 'b', concurrency: 2, untilIdle: true, pollMs: 20 }),
    ]);
    // untilIdle workers may stop while the last stage waits on another worker: finish here.
    const done = await runToEnd(database, id);
    expect(done.parts.every((p) => p.attempts === 1)).toBe(true);
    expect(await indicatorDigest(database.db)).toBe(reference);
  });
});
