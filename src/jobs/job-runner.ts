import crypto from 'node:crypto';
import os from 'node:os';
import type { Database } from '../db/database.js';
import type { JobKind, PartContext } from './job-kind.js';
import { JobRepository, LeaseLostError, type PartRow } from './job-repository.js';

export interface WorkerEvent {
  /** `checkpoint`: a part saved its progress (it commits with the work it records). */
  type: 'claimed' | 'checkpoint' | 'done' | 'failed' | 'lost' | 'job-done';
  job_id: number;
  part: string;
  kind: string;
  error?: string;
}

export interface WorkerOptions {
  /** This worker's name in leases (default: host:pid:random). */
  owner?: string;
  /** Parts run at once (forced to 1 on PGlite, which has one connection). */
  concurrency?: number;
  /** How long a claimed part stays ours without renewal; a dead worker's part is taken over after it. */
  leaseMs?: number;
  /** Only this job's parts; the worker returns when the job is finished, failed or cancelled. */
  jobId?: number | null;
  /** Return as soon as nothing is claimable (instead of polling for new jobs). */
  untilIdle?: boolean;
  pollMs?: number;
  /** A part claimed more often than this (its workers keep dying) fails instead of looping. */
  maxAttempts?: number;
  signal?: AbortSignal;
  onEvent?: (event: WorkerEvent) => void;
}

export const DEFAULT_LEASE_MS = 60_000;

export function workerName(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * A worker: claims parts from the queue and runs them until stopped (or idle, or its one job is finished).
 * Any number of workers on any number of machines may run against one PostgreSQL database.
 */
export async function runWorker(
  database: Database,
  kinds: ReadonlyMap<string, JobKind>,
  options: WorkerOptions = {},
): Promise<void> {
  const owner = options.owner ?? workerName();
  const repo = new JobRepository(database.db);
  // One process holds an embedded database: leases left by an earlier process are orphans.
  if (database.kind === 'pglite') await repo.releaseLeasesOfOthers(owner);
  const concurrency = database.kind === 'pglite' ? 1 : Math.max(1, options.concurrency ?? 1);
  const slot = async (n: number) => {
    const name = concurrency === 1 ? owner : `${owner}/${n}`;
    while (!options.signal?.aborted) {
      const part = await repo.claim(name, options.leaseMs ?? DEFAULT_LEASE_MS, options.jobId ?? null);
      if (part) {
        await runPart(database, kinds, part, name, options);
        continue;
      }
      if (options.jobId != null) {
        const job = await repo.job(options.jobId);
        if (!job || (job.state !== 'queued' && job.state !== 'running')) return;
      } else if (options.untilIdle) return;
      await sleep(options.pollMs ?? 1000, options.signal);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, n) => slot(n + 1)));
}

async function runPart(
  database: Database,
  kinds: ReadonlyMap<string, JobKind>,
  part: PartRow,
  owner: string,
  options: WorkerOptions,
): Promise<void> {
  const repo = new JobRepository(database.db);
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const job = (await repo.job(part.job_id))!;
  const event = (type: WorkerEvent['type'], error?: string) =>
    options.onEvent?.({
      type,
      job_id: job.id,
      part: part.part_key,
      kind: job.kind,
      ...(error ? { error } : {}),
    });
  const kind = kinds.get(job.kind);
  if (!kind) {
    await repo.fail(owner, part, `this worker does not know job kind "${job.kind}"`);
    return event('failed', 'unknown kind');
  }
  if (part.attempts > (options.maxAttempts ?? 5)) {
    await repo.fail(owner, part, `gave up after ${part.attempts - 1} attempts whose workers stopped`);
    return event('failed', 'too many attempts');
  }
  event('claimed');
  let noted: { done: number; total: number | null } | undefined;
  // Renewal runs beside the work on PostgreSQL; PGlite has one connection, and no other process can take over.
  const renewal =
    database.kind === 'pglite'
      ? undefined
      : setInterval(() => {
          repo.renew(owner, part, leaseMs, noted).catch(() => undefined);
        }, leaseMs / 3);
  const ctx: PartContext = {
    jobId: job.id,
    key: part.part_key,
    province: part.province_code,
    checkpoint: part.checkpoint,
    save: async (tx, checkpoint, done, total) => {
      await new JobRepository(tx.db).renew(owner, part, leaseMs, { done, total, checkpoint });
      event('checkpoint');
    },
    progress: (done, total) => {
      noted = { done, total };
    },
  };
  try {
    const params = kind.parse(job.params);
    const result = await kind.runPart(database, params, ctx);
    const finished = await database.transaction(async (tx) => {
      const inTx = new JobRepository(tx.db);
      // The job row is locked first, so of two workers finishing its last parts exactly one sees none left.
      await inTx.lockJob(job.id);
      await inTx.complete(owner, part, result);
      if ((await inTx.openParts(job.id)) > 0) return false;
      const results = (await inTx.parts(job.id)).map((p) => ({ key: p.part_key, result: p.result }));
      await inTx.finish(job.id, kind.combine(params, results));
      return true;
    });
    event('done');
    if (finished) event('job-done');
  } catch (error) {
    if (error instanceof LeaseLostError) return event('lost', error.message);
    const message = error instanceof Error ? error.message : String(error);
    await repo.fail(owner, part, message);
    event('failed', message);
  } finally {
    if (renewal) clearInterval(renewal);
  }
}
