import path from 'node:path';
import type { Command } from 'commander';
import { localActor } from '../../audit/access-audit.js';
import type { Database } from '../../db/database.js';
import type { JobDetail } from '../../jobs/job-service.js';
import { presentJob, presentJobDetail } from '../../server/presenters/jobs.js';
import { action, withJson, type CommandContext } from '../command-runner.js';
import { t, tr, userError } from '../lang.js';
import { integerOption } from '../option-values.js';
import { createProgress } from '../progress.js';
import { say } from '../../shared/errors.js';

// The jobs module is loaded on first use, like the database: `entas jobs --help` starts without it.
const jobs = () => import('../../jobs/job-service.js');
const runner = () => import('../../jobs/job-runner.js');

const jobId = (raw: string) => {
  const id = integerOption('<id>', raw);
  if (id < 1) throw userError(`invalid job id "${raw}"`, `id pekerjaan "${raw}" tidak sah`);
  return id;
};

const provinceList = (raw: string | undefined) =>
  raw === undefined
    ? []
    : raw.split(',').map((p) => {
        const code = p.trim();
        if (!/^\d{2}$/.test(code))
          throw userError(
            `invalid --province "${code}": give two-digit province codes, e.g. 53,31`,
            `--province "${code}" tidak sah: berikan kode provinsi dua angka, mis. 53,31`,
          );
        return code;
      });

export function detailText(d: JobDetail): string {
  const j = presentJob(d.job);
  const lines = [
    `${tr('job', 'pekerjaan')} ${j.id} ${j.kind}: ${j.state} — ${j.parts.done}/${j.parts.total} ${tr('parts done', 'bagian selesai')}` +
      (j.error ? ` — ${j.error}` : ''),
    ...d.parts.map(
      (p) =>
        `  ${p.part_key.padEnd(8)} ${tr('stage', 'tahap')} ${p.stage} ${p.state.padEnd(9)} ${tr('attempts', 'percobaan')} ${p.attempts}` +
        ` ${p.progress_done}${p.progress_total === null ? '' : `/${p.progress_total}`}` +
        (p.lease_owner ? ` ${p.lease_owner}` : '') +
        (p.error ? ` — ${p.error}` : ''),
    ),
  ];
  return lines.join('\n');
}

/**
 * Runs a job's parts in this process, showing parts done: what the CLI does without workers (the embedded
 * database), and what `--wait` does beside them.
 */
export async function runHere(ctx: CommandContext, database: Database, id: number): Promise<JobDetail> {
  const { showJob, runJobHere } = await jobs();
  const total = (await showJob(database, id)).parts.length;
  const progress = createProgress({
    label: 'job',
    title: say(`job ${id}`, `pekerjaan ${id}`),
    unit: say('parts', 'bagian'),
    silent: !process.stderr.isTTY && !ctx.json,
  });
  let done = 0;
  const detail = await runJobHere(database, id, {
    onEvent: (e) => {
      if (e.type === 'done') progress.update(++done, total);
    },
  });
  progress.finish(done);
  return detail;
}

interface SubmitOptions {
  policy?: string;
  effective?: string;
  ids?: string;
  province?: string;
  source: string;
  profile?: string;
  file?: string;
  program?: string;
  period?: string;
  snapshotDate?: string;
  byProvince?: boolean;
  detach?: boolean;
}

const needs = (kind: string, option: string, value: string | undefined): string => {
  if (!value) throw userError(`${kind} needs ${option}`, `${kind} memerlukan ${option}`);
  return value;
};

/** A job's parameters from the command line (each kind checks them again when planned). */
async function submitParams(ctx: CommandContext, kind: string, o: SubmitOptions): Promise<unknown> {
  const actor = { actor: ctx.actor };
  switch (kind) {
    case 'policy-simulate':
    case 'policy-apply': {
      const { readPolicyText } = await import('../../policy/policy-file.js');
      return {
        policy_text: readPolicyText(needs(kind, '--policy <file>', o.policy)),
        provinces: provinceList(o.province),
        ...(kind === 'policy-apply' ? { effective: needs(kind, '--effective <date>', o.effective) } : {}),
        ...actor,
      };
    }
    case 'link-run':
      return { source: o.source, provinces: provinceList(o.province), ...actor };
    case 'targeting-report':
      return { program: o.program ?? null, provinces: provinceList(o.province) };
    case 'import':
      return {
        profile: needs(kind, '--profile <name>', o.profile),
        path: needs(kind, '--file <path>', o.file),
        program: o.program ?? null,
        period: o.period ?? null,
        snapshot_date: o.snapshotDate ?? null,
        rejects_dir: path.join(ctx.config.dataDir, 'rejects'),
        ...(o.byProvince ? { by_province: true } : {}),
        ...actor,
      };
    default:
      return { ids: o.ids ? o.ids.split(',').map((s) => s.trim()) : [], ...actor };
  }
}

export function registerJobCommands(program: Command): void {
  const group = program
    .command('jobs')
    .description(
      'batch work split by province on a queue in the database: submit, list, show, cancel, retry (docs/JOBS.md)',
    );

  withJson(
    group
      .command('submit')
      .argument(
        '<kind>',
        'indicator-refresh, policy-simulate, policy-apply, link-run, targeting-report or import',
      )
      .option('--policy <file>', 'policy-simulate, policy-apply: the policy YAML file')
      .option('--effective <date>', 'policy-apply: date the decisions take effect (YYYY-MM-DD)')
      .option('--ids <ids>', 'indicator-refresh: comma-separated indicator ids (default: all)')
      .option(
        '--province <codes>',
        'policy-simulate, policy-apply, link-run, targeting-report: only these provinces, comma-separated (default: all)',
      )
      .option('--source <name>', 'link-run: bansos, members or all', 'all')
      .option('--profile <name>', 'import: dtsen, bansos, cooperatives or members')
      .option('--file <path>', 'import: the file (at a path every worker can read)')
      .option('--program <code>', 'import bansos, targeting-report: program code')
      .option('--period <YYYY-MM>', 'import bansos: period the list covers')
      .option('--snapshot-date <YYYY-MM-DD>', 'import dtsen: extract date')
      .option('--by-province', 'import: split the file into one part (and batch) per province')
      .option(
        '--detach',
        'only queue it for `entas worker` processes (default: run it here, in this process)',
      )
      .description('plan a job (one part per province with data), queue it, and run it here unless --detach'),
  ).action(
    action(async (ctx, kind: string, options: SubmitOptions) => {
      const { submitJob, showJob } = await jobs();
      const params = await submitParams(ctx, kind, options);
      const database = await ctx.database();
      const id = await submitJob(database, kind, params, ctx.actor);
      const detail = options.detach ? await showJob(database, id) : await runHere(ctx, database, id);
      return { json: presentJobDetail(detail), text: detailText(detail) };
    }),
  );

  withJson(
    group
      .command('list')
      .option('--state <state>', 'only jobs in this state: queued, running, done, failed, cancelled')
      .option('--limit <n>', 'newest n jobs', '50')
      .description('jobs, newest first, with parts done and progress'),
  ).action(
    action(async (ctx, options: { state?: string; limit: string }) => {
      const { listJobs } = await jobs();
      const list = await listJobs(await ctx.database(), {
        state: options.state,
        limit: integerOption('--limit', options.limit),
      });
      const presented = { items: list.map(presentJob) };
      const text =
        presented.items
          .map(
            (j) =>
              `${String(j.id).padStart(5)} ${j.kind.padEnd(18)} ${j.state.padEnd(9)} ${j.parts.done}/${j.parts.total} ${tr('parts', 'bagian')}` +
              ` ${j.created_at.slice(0, 19).replace('T', ' ')}${j.error ? ` — ${j.error}` : ''}`,
          )
          .join('\n') || tr('no jobs', 'tidak ada pekerjaan');
      return { json: presented, text };
    }),
  );

  withJson(
    group
      .command('show')
      .argument('<id>', 'job id (see jobs list)')
      .description('one job: its parts, their state, attempts, lease and progress, and the result once done'),
  ).action(
    action(async (ctx, raw: string) => {
      const { showJob } = await jobs();
      const detail = await showJob(await ctx.database(), jobId(raw));
      return { json: presentJobDetail(detail), text: detailText(detail) };
    }),
  );

  withJson(
    group
      .command('cancel')
      .argument('<id>', 'job id')
      .description('cancel a queued or running job: running parts stop at their next checkpoint (audited)'),
  ).action(
    action(async (ctx, raw: string) => {
      const { cancelJob } = await jobs();
      const detail = await cancelJob(await ctx.database(), jobId(raw), localActor(ctx.actor));
      return { json: presentJobDetail(detail), text: detailText(detail) };
    }),
  );

  withJson(
    group
      .command('retry')
      .argument('<id>', 'job id')
      .option('--detach', 'only queue it again for workers (default: run it here)')
      .description('queue a failed or cancelled job again; parts already done are kept, not rerun (audited)'),
  ).action(
    action(async (ctx, raw: string, options: { detach?: boolean }) => {
      const { retryJob } = await jobs();
      const database = await ctx.database();
      const id = jobId(raw);
      let detail = await retryJob(database, id, localActor(ctx.actor));
      if (!options.detach) detail = await runHere(ctx, database, id);
      return { json: presentJobDetail(detail), text: detailText(detail) };
    }),
  );

  withJson(
    program
      .command('worker')
      .option(
        '--concurrency <n>',
        'parts run at once by this process (PostgreSQL; 1 on the embedded database)',
        '1',
      )
      .option('--lease-seconds <s>', 'a part whose worker stops renewing for this long is taken over', '60')
      .option('--until-idle', 'stop when no part is left to claim (default: keep polling for new jobs)')
      .description(
        'run queued jobs: claims parts with SKIP LOCKED; any number of workers on any number of machines share one PostgreSQL database',
      ),
  ).action(
    action(async (ctx, options: { concurrency: string; leaseSeconds: string; untilIdle?: boolean }) => {
      const concurrency = integerOption('--concurrency', options.concurrency);
      const leaseSeconds = integerOption('--lease-seconds', options.leaseSeconds);
      if (concurrency < 1 || concurrency > 64)
        throw userError('--concurrency must be 1 to 64', '--concurrency harus 1 sampai 64');
      if (leaseSeconds < 1)
        throw userError('--lease-seconds must be at least 1', '--lease-seconds minimal 1');
      const { runWorker, workerName } = await runner();
      const { JOB_KINDS } = await import('../../jobs/job-kinds.js');
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const owner = workerName();
      const counts = { done: 0, failed: 0, lost: 0 };
      try {
        await runWorker(await ctx.database(), JOB_KINDS, {
          owner,
          concurrency,
          leaseMs: leaseSeconds * 1000,
          untilIdle: options.untilIdle === true,
          signal: stop.signal,
          onEvent: (e) => {
            if (e.type === 'done' || e.type === 'failed' || e.type === 'lost') counts[e.type]++;
            // One line per event on stderr (JSON when not a terminal), so logs show what each worker did.
            process.stderr.write(
              (process.stderr.isTTY
                ? `${t(say('job', 'pekerjaan'))} ${e.job_id} ${e.kind} ${e.part}: ${e.type}${e.error ? ` — ${e.error}` : ''}`
                : JSON.stringify({ worker: owner, ...e })) + '\n',
            );
          },
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      return {
        json: { worker: owner, parts: counts },
        text: tr(
          `worker ${owner} stopped: ${counts.done} parts done, ${counts.failed} failed, ${counts.lost} lost`,
          `worker ${owner} berhenti: ${counts.done} bagian selesai, ${counts.failed} gagal, ${counts.lost} hilang`,
        ),
      };
    }),
  );
}
