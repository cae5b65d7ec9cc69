/**
 * npm run bench:jobs [-- --households 4000] [--provinces 11,31,33,35,52,53]
 *
 * Batch work as jobs on PostgreSQL ($BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432; a fresh
 * database, dropped afterwards). Builds demo data (`--households` per province, in one regency of each listed
 * province), then measures in the same run:
 *   - the reference: a full `indicators refresh` and a `policy simulate` over everything, in one process;
 *   - the same work as jobs split by province (docs/JOBS.md), run by in-process workers with 1, 2 and 4 parts at
 *     once (each part on its own pooled connection), reported as ratios to the reference: the queue's overhead at 1,
 *     and how far parallel parts help on this machine (it is shared: the load average is printed with the figures).
 * Prints one JSON object on stdout.
 */
import fs from 'node:fs';
import os from 'node:os';
import { migrate } from '../src/db/migrate.js';
import { openPostgresDatabase } from '../src/db/postgres-database.js';
import { runDemo } from '../src/demo/run-demo.js';
import { loadIndicatorSets } from '../src/indicators/definition-files.js';
import { refreshIndicators } from '../src/indicators/indicator-service.js';
import { JOB_KINDS } from '../src/jobs/job-kinds.js';
import { runWorker } from '../src/jobs/job-runner.js';
import { showJob, submitJob } from '../src/jobs/job-service.js';
import { compilePolicy } from '../src/policy/policy-compiler.js';
import { simulatePolicy } from '../src/policy/policy-simulation-service.js';
import { adminStatement, benchServerUrl, withDatabase } from './bench-postgres.js';
import { helpOnRequest } from './bench-help.js';

const args = process.argv.slice(2);
helpOnRequest(args, {
  usage: 'npm run bench:jobs [-- options]',
  about: [
    'Batch work as jobs on PostgreSQL: a full indicators refresh and policy simulate in one process (reference)',
    'against the same work split by province, run by 1, 2 and 4 workers. Prints one JSON object.',
  ],
  options: [
    ['--households N', 'households per province (default 4000)'],
    ['--provinces LIST', 'provinces (default 11,31,33,35,52,53)'],
  ],
  environment: [['BENCH_POSTGRES_URL', 'PostgreSQL server (default postgres://postgres@127.0.0.1:5432)']],
});
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const households = Number(option('households', '4000'));
const provinces = option('provinces', '11,31,33,35,52,53').split(',');
const serverUrl = benchServerUrl;
const log = (message: string) => process.stderr.write(`[bench:jobs] ${message}\n`);

const seconds = (since: number) => Math.round((performance.now() - since) / 10) / 100;

async function main(): Promise<void> {
  const name = `entas_bench_jobs_${process.pid}`;
  await adminStatement(`CREATE DATABASE ${name}`);
  const database = openPostgresDatabase(withDatabase(serverUrl, name));
  try {
    await migrate(database);
    let started = performance.now();
    for (const p of provinces) {
      const regency = (
        await database.db
          .selectFrom('regions')
          .select('code')
          .where('level', '=', 2)
          .where('parent_code', '=', p)
          .orderBy('code')
          .executeTakeFirstOrThrow()
      ).code;
      await runDemo(database, { regency, households, seed: p, actor: 'bench' });
    }
    await database.exec('ANALYZE');
    log(`demo data: ${provinces.length} provinces × ${households} households in ${seconds(started)} s`);

    const sets = loadIndicatorSets();
    const policyText = fs.readFileSync('policies/default.yaml', 'utf8');
    const policy = compilePolicy(policyText).policy!;
    started = performance.now();
    await refreshIndicators(database, { sets, actor: 'bench' });
    const refreshReference = seconds(started);
    started = performance.now();
    const simulated = await simulatePolicy(database, policy, null);
    const simulateReference = seconds(started);
    log(`reference: refresh ${refreshReference} s, simulate ${simulateReference} s`);

    const asJob = async (kind: string, params: unknown, concurrency: number) => {
      const began = performance.now();
      const id = await submitJob(database, kind, params, 'bench');
      await runWorker(database, JOB_KINDS, { jobId: id, concurrency, pollMs: 50 });
      const s = seconds(began);
      const detail = await showJob(database, id);
      if (detail.job.state !== 'done')
        throw new Error(`job ${id} ended ${detail.job.state}: ${detail.job.error}`);
      return { seconds: s, parts: detail.parts.length, result: detail.job.result };
    };
    const runs = [];
    for (const concurrency of [1, 2, 4]) {
      const refresh = await asJob('indicator-refresh', { ids: [] }, concurrency);
      const simulate = await asJob('policy-simulate', { policy_text: policyText }, concurrency);
      if ((simulate.result as { households: number }).households !== simulated.households)
        throw new Error('job simulation differs from the reference');
      runs.push({
        concurrency,
        refresh_s: refresh.seconds,
        refresh_ratio: Math.round((refresh.seconds / refreshReference) * 100) / 100,
        simulate_s: simulate.seconds,
        simulate_ratio: Math.round((simulate.seconds / simulateReference) * 100) / 100,
        parts: { refresh: refresh.parts, simulate: simulate.parts },
      });
      log(`concurrency ${concurrency}: refresh ${refresh.seconds} s, simulate ${simulate.seconds} s`);
    }
    const size = await database.db
      .selectFrom('households')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    process.stdout.write(
      JSON.stringify({
        households: Number(size.n),
        provinces: provinces.length,
        reference: { refresh_s: refreshReference, simulate_s: simulateReference },
        jobs: runs,
        cpus: os.cpus().length,
        load_average: os.loadavg().map((x) => Math.round(x * 100) / 100),
      }) + '\n',
    );
  } finally {
    await database.close();
    await adminStatement(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

await main();
