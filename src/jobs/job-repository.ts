import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { JobState, PartState } from '../db/tables/jobs.js';

/** One part of a job as planned: a province (or a job-wide stage) and the stage it runs in. */
export interface PlannedPart {
  key: string;
  stage: number;
  province_code: string;
}

export interface JobRow {
  id: number;
  kind: string;
  params: unknown;
  state: JobState;
  result: unknown;
  error: string | null;
  created_by: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface PartRow {
  job_id: number;
  part_key: string;
  stage: number;
  province_code: string;
  state: PartState;
  attempts: number;
  lease_owner: string | null;
  lease_expires_at: Date | null;
  checkpoint: unknown;
  progress_done: number;
  progress_total: number | null;
  result: unknown;
  error: string | null;
  started_at: Date | null;
  finished_at: Date | null;
}

/** A job with its parts counted by state (what `jobs list` and the API show). */
export interface JobSummary extends JobRow {
  parts: Record<PartState, number>;
  progress_done: number;
  progress_total: number;
}

/** Thrown when a worker no longer holds a part's lease (it expired and another worker took it, or the job was cancelled). */
export class LeaseLostError extends Error {
  constructor(jobId: number, key: string) {
    super(`job ${jobId} part ${key}: lease lost (expired, taken over or cancelled)`);
  }
}

/** Storage of the job queue (migration 0950-jobs). Every statement runs the same on PGlite and PostgreSQL. */
export class JobRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async create(kind: string, params: unknown, parts: readonly PlannedPart[], actor: string | null) {
    const job = await this.db
      .insertInto('jobs')
      .values({ kind, params: JSON.stringify(params), created_by: actor })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (parts.length > 0)
      await this.db
        .insertInto('job_parts')
        .values(
          parts.map((p) => ({
            job_id: job.id,
            part_key: p.key,
            stage: p.stage,
            province_code: p.province_code,
          })),
        )
        .execute();
    return job.id;
  }

  /**
   * Claims one runnable part: pending, or running under a lease that ran out (its worker died), of a queued or
   * running job, whose earlier stages are all done. SKIP LOCKED lets many workers claim at once without waiting
   * on each other. `jobId` limits the claim to one job (the CLI running a job in process).
   */
  async claim(owner: string, leaseMs: number, jobId: number | null): Promise<PartRow | null> {
    const picked = await sql<PartRow>`
UPDATE job_parts p
SET state = 'running', lease_owner = ${owner}, lease_expires_at = now() + ${leaseMs} * interval '1 millisecond',
    attempts = p.attempts + 1, started_at = coalesce(p.started_at, now())
FROM (
  SELECT c.job_id, c.part_key
  FROM job_parts c JOIN jobs j ON j.id = c.job_id
  WHERE j.state IN ('queued', 'running')
    AND (${jobId}::bigint IS NULL OR c.job_id = ${jobId}::bigint)
    AND (c.state = 'pending' OR (c.state = 'running' AND c.lease_expires_at < now()))
    AND NOT EXISTS (SELECT 1 FROM job_parts e
                    WHERE e.job_id = c.job_id AND e.stage < c.stage AND e.state <> 'done')
  ORDER BY c.job_id, c.stage, c.part_key
  LIMIT 1
  FOR UPDATE OF c SKIP LOCKED
) pick
WHERE p.job_id = pick.job_id AND p.part_key = pick.part_key
RETURNING p.*`.execute(this.db);
    const part = picked.rows[0];
    if (!part) return null;
    await this.db
      .updateTable('jobs')
      .set({ state: 'running', started_at: sql<Date>`coalesce(started_at, now())` })
      .where('id', '=', part.job_id)
      .where('state', '=', 'queued')
      .execute();
    return part;
  }

  /**
   * Extends the lease and stores progress (and a checkpoint when given) while this worker still holds the part
   * and the job is not cancelled; LeaseLostError otherwise, so work done in the same transaction rolls back.
   */
  async renew(
    owner: string,
    part: Pick<PartRow, 'job_id' | 'part_key'>,
    leaseMs: number,
    progress?: { done: number; total: number | null; checkpoint?: unknown },
  ): Promise<void> {
    const updated = await this.db
      .updateTable('job_parts')
      .set({
        lease_expires_at: sql<Date>`now() + ${leaseMs} * interval '1 millisecond'`,
        ...(progress
          ? {
              progress_done: progress.done,
              progress_total: progress.total,
              ...(progress.checkpoint === undefined
                ? {}
                : { checkpoint: JSON.stringify(progress.checkpoint) }),
            }
          : {}),
      })
      .where('job_id', '=', part.job_id)
      .where('part_key', '=', part.part_key)
      .where('lease_owner', '=', owner)
      .where('state', '=', 'running')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('jobs')
            .select('id')
            .whereRef('jobs.id', '=', 'job_parts.job_id')
            .where('jobs.state', 'in', ['queued', 'running']),
        ),
      )
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new LeaseLostError(part.job_id, part.part_key);
  }

  /** Marks a held part done with its result; LeaseLostError when the lease is gone (nothing is written). */
  async complete(owner: string, part: Pick<PartRow, 'job_id' | 'part_key'>, result: unknown): Promise<void> {
    const updated = await this.db
      .updateTable('job_parts')
      .set({
        state: 'done',
        result: JSON.stringify(result),
        lease_owner: null,
        lease_expires_at: null,
        finished_at: sql<Date>`now()`,
        error: null,
      })
      .where('job_id', '=', part.job_id)
      .where('part_key', '=', part.part_key)
      .where('lease_owner', '=', owner)
      .where('state', '=', 'running')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new LeaseLostError(part.job_id, part.part_key);
  }

  /** A part that threw: it and its job fail (other running parts finish; `jobs retry` runs the failed ones again). */
  async fail(owner: string, part: Pick<PartRow, 'job_id' | 'part_key'>, error: string): Promise<void> {
    const updated = await this.db
      .updateTable('job_parts')
      .set({
        state: 'failed',
        error,
        lease_owner: null,
        lease_expires_at: null,
        finished_at: sql<Date>`now()`,
      })
      .where('job_id', '=', part.job_id)
      .where('part_key', '=', part.part_key)
      .where('lease_owner', '=', owner)
      .where('state', '=', 'running')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 1)
      await this.db
        .updateTable('jobs')
        .set({ state: 'failed', error: `${part.part_key}: ${error}`, finished_at: sql<Date>`now()` })
        .where('id', '=', part.job_id)
        .where('state', 'in', ['queued', 'running'])
        .execute();
  }

  /** Locks the job row: completions of one job's last parts take turns, so exactly one of them finishes it. */
  async lockJob(jobId: number): Promise<JobRow | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('id', '=', jobId).forUpdate().executeTakeFirst();
  }

  async openParts(jobId: number): Promise<number> {
    const row = await this.db
      .selectFrom('job_parts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('job_id', '=', jobId)
      .where('state', '<>', 'done')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async finish(jobId: number, result: unknown): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ state: 'done', result: JSON.stringify(result), error: null, finished_at: sql<Date>`now()` })
      .where('id', '=', jobId)
      .where('state', '=', 'running')
      .execute();
  }

  /** Parts in the order they were planned (results are combined in this order). */
  async parts(jobId: number): Promise<PartRow[]> {
    return this.db
      .selectFrom('job_parts')
      .selectAll()
      .where('job_id', '=', jobId)
      .orderBy('stage')
      .orderBy('part_key')
      .execute();
  }

  async job(jobId: number): Promise<JobRow | undefined> {
    return this.db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
  }

  /** Newest first, with part counts per state and summed progress. */
  async list(options: {
    state?: JobState | undefined;
    limit: number;
    only?: number | undefined;
  }): Promise<JobSummary[]> {
    let query = this.db.selectFrom('jobs').selectAll().orderBy('id', 'desc').limit(options.limit);
    if (options.state) query = query.where('state', '=', options.state);
    if (options.only !== undefined) query = query.where('id', '=', options.only);
    const jobs = await query.execute();
    if (jobs.length === 0) return [];
    const counts = await this.db
      .selectFrom('job_parts')
      .select((eb) => [
        'job_id',
        'state',
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>('progress_done').as('done'),
        eb.fn.sum<number>(sql`coalesce(progress_total, 0)`).as('total'),
      ])
      .where(
        'job_id',
        'in',
        jobs.map((j) => j.id),
      )
      .groupBy(['job_id', 'state'])
      .execute();
    return jobs.map((j) => {
      const parts: Record<PartState, number> = { pending: 0, running: 0, done: 0, failed: 0, cancelled: 0 };
      let done = 0;
      let total = 0;
      for (const c of counts.filter((c) => c.job_id === j.id)) {
        parts[c.state] = Number(c.n);
        done += Number(c.done ?? 0);
        total += Number(c.total ?? 0);
      }
      return { ...j, parts, progress_done: done, progress_total: total };
    });
  }

  /** Cancels a queued or running job: its open parts stop (running ones at their next checkpoint). */
  async cancel(jobId: number): Promise<boolean> {
    const updated = await this.db
      .updateTable('jobs')
      .set({ state: 'cancelled', finished_at: sql<Date>`now()` })
      .where('id', '=', jobId)
      .where('state', 'in', ['queued', 'running'])
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    await this.db
      .updateTable('job_parts')
      .set({ state: 'cancelled', lease_owner: null, lease_expires_at: null })
      .where('job_id', '=', jobId)
      .where('state', 'in', ['pending', 'running'])
      .execute();
    return true;
  }

  /**
   * Queues a failed or cancelled job again: parts not done go back to pending and keep their checkpoints, so
   * work already finished is neither redone nor changed.
   */
  async retry(jobId: number): Promise<boolean> {
    const updated = await this.db
      .updateTable('jobs')
      .set({ state: 'queued', error: null, finished_at: null })
      .where('id', '=', jobId)
      .where('state', 'in', ['failed', 'cancelled'])
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    await this.db
      .updateTable('job_parts')
      .set({ state: 'pending', error: null, lease_owner: null, lease_expires_at: null })
      .where('job_id', '=', jobId)
      .where('state', '<>', 'done')
      .execute();
    return true;
  }

  /**
   * Embedded database only: whoever held these leases is gone (one process opens the data directory at a time),
   * so their parts can be claimed again at once instead of after the lease runs out.
   */
  async releaseLeasesOfOthers(owner: string): Promise<number> {
    const updated = await this.db
      .updateTable('job_parts')
      .set({ lease_expires_at: sql<Date>`now() - interval '1 second'` })
      .where('state', '=', 'running')
      .where('lease_owner', '<>', owner)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows);
  }
}
