import { auditChange, type AuditActor } from '../audit/access-audit.js';
import type { Database } from '../db/database.js';
import type { JobState } from '../db/tables/jobs.js';
import { NotFoundError, say, UserError } from '../shared/errors.js';
import type { JobKind } from './job-kind.js';
import { JOB_KINDS } from './job-kinds.js';
import { JobRepository, type JobRow, type JobSummary, type PartRow } from './job-repository.js';
import { runWorker, type WorkerOptions } from './job-runner.js';

export const JOB_STATES: readonly JobState[] = ['queued', 'running', 'done', 'failed', 'cancelled'];

export function jobKind(name: string, kinds: ReadonlyMap<string, JobKind> = JOB_KINDS): JobKind {
  const kind = kinds.get(name);
  if (!kind)
    throw new UserError(
      say(
        `unknown job kind "${name}": use ${[...kinds.keys()].join(', ')}`,
        `jenis pekerjaan "${name}" tidak dikenal: gunakan ${[...kinds.keys()].join(', ')}`,
      ),
      'invalid_job_kind',
    );
  return kind;
}

/** Checks and plans a job, then queues it with its parts (nothing runs yet). Returns its id. */
export async function submitJob(
  database: Database,
  kindName: string,
  rawParams: unknown,
  actor: string | null,
  kinds: ReadonlyMap<string, JobKind> = JOB_KINDS,
): Promise<number> {
  const kind = jobKind(kindName, kinds);
  const planned = await kind.plan(database, kind.parse(rawParams));
  return new JobRepository(database.db).create(kind.name, planned.params, planned.parts, actor);
}

/**
 * Runs one job's parts in this process until it is finished (the CLI without workers, e.g. on the embedded
 * database). Workers elsewhere may take parts of it at the same time; this returns once none is left.
 */
export async function runJobHere(
  database: Database,
  jobId: number,
  options: Omit<WorkerOptions, 'jobId' | 'untilIdle'> = {},
  kinds: ReadonlyMap<string, JobKind> = JOB_KINDS,
): Promise<JobDetail> {
  await runWorker(database, kinds, { ...options, jobId, pollMs: options.pollMs ?? 500 });
  return showJob(database, jobId);
}

/**
 * Runs a job in this process without waiting for it (the server on the embedded database, where no worker
 * process can open the database). A part's failure is recorded on the part and the job; nothing is thrown here.
 */
export function runJobInBackground(
  database: Database,
  jobId: number,
  kinds: ReadonlyMap<string, JobKind> = JOB_KINDS,
): void {
  runWorker(database, kinds, { jobId, pollMs: 500 }).catch((error: unknown) => {
    process.stderr.write(`job ${jobId}: ${String(error)}\n`);
  });
}

export interface JobDetail {
  job: JobSummary;
  parts: PartRow[];
}

export async function listJobs(
  database: Database,
  options: { state?: string | undefined; limit?: number | undefined } = {},
): Promise<JobSummary[]> {
  return new JobRepository(database.db).list({ state: jobState(options.state), limit: options.limit ?? 50 });
}

export async function showJob(database: Database, jobId: number): Promise<JobDetail> {
  const repo = new JobRepository(database.db);
  const job = await existing(repo, jobId);
  const [summary] = await repo.list({ limit: 1, only: job.id });
  return { job: summary!, parts: await repo.parts(jobId) };
}

/** Cancels a queued or running job (audited in the same transaction); running parts stop at their next checkpoint. */
export async function cancelJob(database: Database, jobId: number, actor: AuditActor): Promise<JobDetail> {
  await changeState(database, jobId, actor, 'cancel');
  return showJob(database, jobId);
}

/** Queues a failed or cancelled job again (audited): parts already done stay done and are not rerun. */
export async function retryJob(database: Database, jobId: number, actor: AuditActor): Promise<JobDetail> {
  await changeState(database, jobId, actor, 'retry');
  return showJob(database, jobId);
}

async function changeState(database: Database, jobId: number, actor: AuditActor, change: 'cancel' | 'retry') {
  await database.transaction(async (tx) => {
    const repo = new JobRepository(tx.db);
    const job = await existing(repo, jobId);
    const changed = change === 'cancel' ? await repo.cancel(jobId) : await repo.retry(jobId);
    if (!changed)
      throw new UserError(
        change === 'cancel'
          ? say(
              `job ${jobId} is ${job.state}: only a queued or running job can be cancelled`,
              `pekerjaan ${jobId} berstatus ${job.state}: hanya pekerjaan yang antre atau berjalan yang dapat dibatalkan`,
            )
          : say(
              `job ${jobId} is ${job.state}: only a failed or cancelled job can be retried`,
              `pekerjaan ${jobId} berstatus ${job.state}: hanya pekerjaan yang gagal atau dibatalkan yang dapat diulang`,
            ),
        'invalid_state',
      );
    await auditChange(tx, actor, {
      action: `job.${change}`,
      subjectType: 'job',
      subjectId: jobId,
      details: { kind: job.kind, previous_state: job.state },
    });
  });
}

async function existing(repo: JobRepository, jobId: number): Promise<JobRow> {
  const job = await repo.job(jobId);
  if (!job) throw new NotFoundError(say(`job ${jobId} not found`, `pekerjaan ${jobId} tidak ditemukan`));
  return job;
}

function jobState(state: string | undefined): JobState | undefined {
  if (state === undefined) return undefined;
  const found = JOB_STATES.find((s) => s === state);
  if (!found)
    throw new UserError(
      say(
        `invalid state "${state}": use ${JOB_STATES.join(', ')}`,
        `status "${state}" tidak sah: gunakan ${JOB_STATES.join(', ')}`,
      ),
      'invalid_option',
    );
  return found;
}
