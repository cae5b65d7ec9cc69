/**
 * npm run bench:scale [-- --households 20000,100000] [--province 53] [--keep] [--citus]
 *
 * One province through the quarterly pipeline on PostgreSQL, each stage the `entas` command a user runs, in its
 * own process (wall time and peak RSS from /usr/bin/time), on a fresh database ($BENCH_POSTGRES_URL, default
 * postgres://postgres@127.0.0.1:5432; dropped afterwards unless --keep):
 *   import (DTSEN extract, ~3.5 persons a household) → import (a bansos list of ~1 in 4 households) →
 *   linkage (`link run --source bansos`) → policy (`policy apply --region P`) → indicators (`indicators refresh`).
 * Prints per stage: seconds, records per second, peak RSS, database size after it; then the extrapolation to
 * 94 M families (every stage assumed linear in households, as measured between sizes in docs/SCALE.md), on one
 * such machine and on 16, with the arithmetic. A JSON line last.
 *
 * --citus: $BENCH_POSTGRES_URL is a Citus coordinator (e.g. scripts/citus/start-cluster.sh): the database is
 * created on it and on every worker it lists, with the extension and the nodes registered, before `entas migrate`
 * distributes the tables (docs/SCALE.md); the database size is the sum over the nodes. A stage Citus refuses is
 * reported with its error and the next stages still run.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { promisify } from 'node:util';
import pg from 'pg';
import { writeDtsenFile } from '../src/intake/testing/dtsen-file.js';
import { adminStatement, benchServerUrl, withDatabase } from './bench-postgres.js';

const run = promisify(execFile);
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(
    [
      'npm run bench:scale [-- options]',
      '',
      'One province through import → linkage → policy → indicators on PostgreSQL, each stage the entas command',
      'in its own process; prints each stage’s seconds, throughput, peak RSS and database size, and the',
      'extrapolation to 94 M families on 1 and 16 machines (arithmetic shown); a JSON line last.',
      '',
      'Options:',
      '  --households N,M households in the province, one run per size (default 20000,100000; ~3.5 persons',
      '                   each); with two or more sizes the extrapolation uses the slope between the largest two',
      '  --province PP    province code (default 53, Nusa Tenggara Timur)',
      '  --keep           keep the database (its name is printed) instead of dropping it',
      '  --citus          BENCH_POSTGRES_URL is a Citus coordinator: the database spans it and its workers',
      '',
      'Environment: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432), BENCH_DIR (default',
      '/tmp/entas-bench-scale: the generated files, reused when present).',
      '',
    ].join('\n'),
  );
  process.exit(0);
}
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const sizes = option('households', '20000,100000')
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const province = option('province', '53');
const keep = args.includes('--keep');
const citus = args.includes('--citus');
const NATIONAL_FAMILIES = 94_000_000;
const MACHINES = 16;
const workDir = process.env.BENCH_DIR ?? '/tmp/entas-bench-scale';
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const cli = path.join(root, 'bin/entas.js');
const log = (message: string) => process.stderr.write(`[bench:scale] ${message}\n`);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

interface Stage {
  stage: string;
  records: number;
  seconds: number;
  per_second: number;
  peak_rss_mb: number;
  database_mb: number;
  load: string;
}

/** The bansos list: about one household in four (decile ≤ 4 heads, then every other one), a few NIKs missing. */
async function writeBansosFile(dtsen: string, file: string): Promise<number> {
  const out = fs.createWriteStream(file);
  out.write('NIK,NO_KK,NAMA,KODE_WILAYAH,NOMINAL,KOMPONEN\n');
  let rows = 0;
  let lineNo = 0;
  for await (const line of readline.createInterface({ input: fs.createReadStream(dtsen) })) {
    if (lineNo++ === 0) continue;
    const [kk, nik, name, , , relation, , village, decile] = line.split(',');
    if (relation !== '1' || Number(decile) > 4 || lineNo % 2 === 0) continue;
    rows += 1;
    const shownNik = rows % 20 === 0 ? '' : nik;
    if (!out.write(`${shownNik},${kk},${name},${village},750000,"balita, sd"\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

async function query<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

/** The database's size on every node holding a part of it (the coordinator, and the workers on Citus). */
async function databaseMb(urls: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const url of urls) {
    const [row] = await query<{ size: string }>(url, 'SELECT pg_database_size(current_database()) AS size');
    bytes += Number(row!.size);
  }
  return Math.round(bytes / 1048576);
}

/** Citus: the workers the coordinator's own database lists (start-cluster.sh registers them there). */
async function citusWorkers(): Promise<string[]> {
  const nodes = await query<{ nodename: string; nodeport: number }>(
    withDatabase(benchServerUrl, 'postgres'),
    `SELECT nodename, nodeport FROM pg_dist_node WHERE noderole = 'primary' AND groupid <> 0 ORDER BY nodeport`,
  );
  return nodes.map((n) => {
    const url = new URL(benchServerUrl);
    url.hostname = n.nodename;
    url.port = String(n.nodeport);
    return url.toString();
  });
}

/** Creates `name` on the coordinator (and, on Citus, on every worker, registered); returns every node's URL. */
async function createDatabase(name: string): Promise<string[]> {
  await adminStatement(`CREATE DATABASE ${name}`);
  const url = withDatabase(benchServerUrl, name);
  if (!citus) return [url];
  const workers = await citusWorkers();
  if (workers.length === 0) throw new Error('--citus: the coordinator lists no workers');
  for (const worker of workers) {
    await query(withDatabase(worker, 'postgres'), `CREATE DATABASE ${name}`);
    await query(withDatabase(worker, name), 'CREATE EXTENSION citus');
  }
  const coordinator = new URL(benchServerUrl);
  await query(url, 'CREATE EXTENSION citus');
  await query(
    url,
    `SELECT citus_set_coordinator_host('${coordinator.hostname}', ${Number(coordinator.port || 5432)})`,
  );
  for (const worker of workers) {
    const w = new URL(worker);
    await query(url, `SELECT citus_add_node('${w.hostname}', ${Number(w.port)})`);
  }
  return [url, ...workers.map((w) => withDatabase(w, name))];
}

async function dropDatabase(name: string): Promise<void> {
  await adminStatement(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  if (citus)
    for (const worker of await citusWorkers())
      await query(withDatabase(worker, 'postgres'), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** One `entas` command in its own process: wall seconds and peak RSS (GNU time), its JSON output. */
async function entas(
  url: string,
  argv: string[],
): Promise<{ seconds: number; rssMb: number; json: unknown }> {
  const { stdout, stderr } = await run(
    '/usr/bin/time',
    ['-f', 'TIME %e %M', process.execPath, cli, ...argv, '--json'],
    {
      env: { ...process.env, DATABASE_URL: url, ENTAS_DATA_DIR: workDir, ENTAS_LANG: 'en' },
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  const m = /TIME ([\d.]+) (\d+)/.exec(stderr);
  if (!m) throw new Error(`no timing from ${argv.join(' ')}: ${stderr.slice(-500)}`);
  return { seconds: Number(m[1]), rssMb: Math.round(Number(m[2]) / 1024), json: JSON.parse(stdout) };
}

interface Run {
  households: number;
  stages: Stage[];
}

/**
 * Each stage's national time: from the slope between the two largest runs (seconds per household beyond the
 * fixed start-up cost) when there are two, else proportional to the one run.
 */
function extrapolation(runs: Run[]): { lines: string[]; totals: Record<string, number> } {
  const big = runs.at(-1)!;
  const small = runs.length > 1 ? runs.at(-2)! : null;
  const lines = [`extrapolation to ${NATIONAL_FAMILIES.toLocaleString('en')} families:`];
  let total = 0;
  for (const s of big.stages) {
    const before = small?.stages.find((x) => x.stage === s.stage);
    let national: number;
    if (before) {
      const slope = (s.seconds - before.seconds) / (big.households - small!.households);
      national = before.seconds + slope * (NATIONAL_FAMILIES - small!.households);
      lines.push(
        `  ${s.stage.padEnd(12)} (${s.seconds.toFixed(1)} − ${before.seconds.toFixed(1)}) s / ${big.households - small!.households} hh` +
          ` = ${(slope * 1e6).toFixed(1)} s per M hh; ${before.seconds.toFixed(1)} s + ${(slope * 1e6).toFixed(1)} × ${((NATIONAL_FAMILIES - small!.households) / 1e6).toFixed(2)} M` +
          ` = ${(national / 3600).toFixed(1)} h on one machine`,
      );
    } else {
      const factor = NATIONAL_FAMILIES / big.households;
      national = s.seconds * factor;
      lines.push(
        `  ${s.stage.padEnd(12)} ${s.seconds.toFixed(1)} s × ${factor.toFixed(1)} = ${(national / 3600).toFixed(1)} h on one machine`,
      );
    }
    total += national;
  }
  const missing = small ? small.stages.length < 5 || big.stages.length < 5 : big.stages.length < 5;
  if (missing) lines.push('  (stages that failed are not counted in the total)');
  lines.push(
    `  total ${(total / 3600).toFixed(1)} h on one machine; ÷ ${MACHINES} machines (provinces as parts, assumed linear) = ${(total / MACHINES / 3600).toFixed(2)} h` +
      ` — ${total / MACHINES <= 86_400 ? 'fits' : 'does not fit'} in one day`,
  );
  return { lines, totals: { one_machine_hours: total / 3600, machines_16_hours: total / MACHINES / 3600 } };
}

async function main(): Promise<void> {
  fs.mkdirSync(workDir, { recursive: true });
  const runs: Run[] = [];
  for (const households of sizes) runs.push({ households, stages: await measure(households) });
  const x = extrapolation(runs);
  process.stdout.write(`${x.lines.join('\n')}\n`);
  process.stdout.write(`${JSON.stringify({ province, runs, ...x.totals })}\n`);
}

async function measure(households: number): Promise<Stage[]> {
  const persons = Math.round(households * 3.5);
  const dtsen = path.join(workDir, `dtsen-${province}-${persons}-2026-03-31.csv`);
  const bansos = path.join(workDir, `bansos-${province}-${persons}.csv`);
  if (!fs.existsSync(dtsen)) {
    log(`writing ${persons} persons in province ${province} to ${dtsen}`);
    await writeDtsenFile(dtsen, persons, { villages: 3000, province });
  }
  const listRows = fs.existsSync(bansos)
    ? fs.readFileSync(bansos, 'utf8').split('\n').length - 2
    : await writeBansosFile(dtsen, bansos);
  const name = `entas_bench_scale_${process.pid}`;
  const nodes = await createDatabase(name);
  const url = nodes[0]!;
  const stages: Stage[] = [];
  const failed: Record<string, string> = {};
  try {
    await entas(url, ['migrate']);
    const steps: Array<{ stage: string; argv: string[]; records: (json: unknown) => number }> = [
      {
        stage: 'import',
        argv: ['import', 'dtsen', dtsen, '--quiet'],
        records: (j) => (j as { rows: number }).rows,
      },
      {
        stage: 'import-list',
        argv: ['import', 'bansos', bansos, '--program', 'PKH', '--period', '2026-03', '--quiet'],
        records: (j) => (j as { rows: number }).rows,
      },
      { stage: 'linkage', argv: ['link', 'run', '--source', 'bansos'], records: () => listRows },
      {
        stage: 'policy',
        argv: ['policy', 'apply', '--policy', path.join(root, 'policies/default.yaml')].concat([
          '--effective',
          '2026-04-01',
          '--region',
          province,
        ]),
        records: (j) => (j as { households: number }).households,
      },
      { stage: 'indicators', argv: ['indicators', 'refresh'], records: () => households },
    ];
    for (const step of steps) {
      log(`${step.stage} (load ${load()})`);
      const before = load();
      let r: Awaited<ReturnType<typeof entas>>;
      try {
        r = await entas(url, step.argv);
      } catch (error) {
        // On Citus a stage may hit a construct it cannot run (docs/SCALE.md): note it, go on.
        if (!citus) throw error;
        const e = error as { stdout?: string; stderr?: string };
        const said = `${e.stdout ?? ''}\n${e.stderr ?? ''}`;
        failed[step.stage] = /^entas: .*$/m.exec(said)?.[0] ?? String(error).split('\n')[0]!;
        log(`${step.stage} failed: ${failed[step.stage]}`);
        continue;
      }
      const records = step.records(r.json);
      stages.push({
        stage: step.stage,
        records,
        seconds: r.seconds,
        per_second: Math.round(records / Math.max(r.seconds, 0.001)),
        peak_rss_mb: r.rssMb,
        database_mb: await databaseMb(nodes),
        load: `${before} → ${load()}`,
      });
      log(JSON.stringify(stages.at(-1)));
    }
  } finally {
    if (keep) log(`kept database ${name}`);
    else await dropDatabase(name);
  }
  const out = [
    `province ${province}: ${households} households, ${persons} persons, list ${listRows} rows` +
      (citus ? ` (Citus: coordinator + ${nodes.length - 1} workers)` : ' (PostgreSQL)'),
    'stage        records   seconds  per second  peak RSS  database',
    ...stages.map(
      (s) =>
        `${s.stage.padEnd(12)} ${String(s.records).padStart(8)} ${s.seconds.toFixed(1).padStart(8)} ${String(s.per_second).padStart(11)} ${`${s.peak_rss_mb} MB`.padStart(9)} ${`${s.database_mb} MB`.padStart(9)}   load ${s.load}`,
    ),
    ...Object.entries(failed).map(([stage, error]) => `${stage.padEnd(12)} failed: ${error}`),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  return stages;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
