/**
 * npm run bench:import [-- --persons N] [--engines pglite,postgres]
 *
 * Builds a person-level DTSEN CSV of N persons (default 1,000,000) in /tmp and imports it with full validation
 * (`importFile`, as `entas import dtsen` does) into a fresh database on PGlite and on PostgreSQL
 * ($BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432; a throwaway database, dropped afterwards).
 * References, same run, same engine: plain COPY of the same file (1) into an equivalent bare table (same
 * columns, the types entas stores, no indexes or validation: the reference, goal entas/COPY ≤ 2.0 on
 * PostgreSQL) and (2) into a table with the definition and indexes of `persons`, where the rows must land
 * (no foreign keys). Also measures the import's validation alone, writing nothing: the floor under any
 * import with full validation, set beside the bare COPY. Reports both ratios and the peak RSS of the importing
 * process. Each measurement runs in its own process, on a database created and migrated beforehand by another.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { writeDtsenFile } from '../src/intake/testing/dtsen-file.js';
import { helpOnRequest } from './bench-help.js';

const run = promisify(execFile);
const args = process.argv.slice(2);
helpOnRequest(args, {
  usage: 'npm run bench:import [-- options]',
  about: [
    'Imports a person-level DTSEN CSV of N persons with full validation into fresh databases on PGlite and',
    'PostgreSQL; references in the same run: plain COPY into a bare table and into a table shaped like persons,',
    'and the validation alone. Reports the ratios and peak RSS.',
  ],
  options: [
    ['--persons N', 'persons in the file (default 1000000)'],
    ['--engines LIST', 'pglite,postgres (default both)'],
  ],
  environment: [['BENCH_POSTGRES_URL', 'PostgreSQL server (default postgres://postgres@127.0.0.1:5432)']],
});
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const persons = Number(option('persons', '1000000'));
const engines = option('engines', 'pglite,postgres').split(',');
const serverUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const workDir = '/tmp/entas-bench-import';
const runner = new URL('./import-run.js', import.meta.url).pathname;

interface Measurement {
  mode: string;
  engine: string;
  seconds: number;
  rows: number;
  accepted?: number;
  rejected?: number;
  peak_rss_mb: number;
  timings?: Record<string, number>;
  one_thread_seconds?: number;
}

async function measure(
  mode: 'entas' | 'copy' | 'copy-persons' | 'validate',
  engine: string,
): Promise<Measurement> {
  let target: string;
  let cleanup: () => Promise<void>;
  if (engine === 'pglite') {
    target = fs.mkdtempSync(path.join(os.tmpdir(), `entas-bench-${mode}-`));
    cleanup = () => fs.promises.rm(target, { recursive: true, force: true });
  } else {
    const name = `entas_bench_import_${mode.replace('-', '_')}_${process.pid}`;
    const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    target = `${serverUrl}/${name}`;
    cleanup = async () => {
      const c = new pg.Client({ connectionString: `${serverUrl}/postgres` });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  try {
    const step = async (stepMode: string) => {
      const { stdout } = await run(process.execPath, [runner, stepMode, engine, file, target], {
        maxBuffer: 1 << 24,
        timeout: 3_600_000,
      });
      return JSON.parse(stdout.trim().split('\n').pop()!) as Measurement;
    };
    await step('prepare');
    return await step(mode);
  } finally {
    await cleanup();
  }
}

fs.mkdirSync(workDir, { recursive: true });
const file = path.join(workDir, `dtsen-${persons}.csv`);
const started = performance.now();
const households = await writeDtsenFile(file, persons);
process.stderr.write(
  `built ${file}: ${persons.toLocaleString('en')} persons, ${households.toLocaleString('en')} households, ` +
    `${(fs.statSync(file).size / 1e6).toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(1)}s\n`,
);

// The floor under any import with full validation: validating the file, writing nothing (engine-independent).
const validation = await measure('validate', engines[0]!);
if (validation.rows !== persons) throw new Error(`validation read ${validation.rows} rows`);
process.stderr.write(
  `validation alone (no database) ${validation.seconds.toFixed(1)}s on two worker threads, ` +
    `${validation.one_thread_seconds!.toFixed(1)}s on one\n`,
);

const results = [];
for (const engine of engines) {
  const copy = await measure('copy', engine);
  const copyPersons = await measure('copy-persons', engine);
  const entas = await measure('entas', engine);
  if (
    entas.rejected !== 0 ||
    entas.accepted !== persons ||
    copy.rows !== persons ||
    copyPersons.rows !== persons
  ) {
    throw new Error(`unexpected counts: ${JSON.stringify({ entas, copy, copyPersons })}`);
  }
  const ratio = entas.seconds / copy.seconds;
  const ratioPersons = entas.seconds / copyPersons.seconds;
  results.push({
    engine,
    persons,
    entas_seconds: Number(entas.seconds.toFixed(2)),
    copy_seconds: Number(copy.seconds.toFixed(2)),
    copy_persons_table_seconds: Number(copyPersons.seconds.toFixed(2)),
    ratio: Number(ratio.toFixed(2)),
    ratio_vs_persons_table: Number(ratioPersons.toFixed(2)),
    entas_rows_per_s: Math.round(persons / entas.seconds),
    entas_peak_rss_mb: entas.peak_rss_mb,
    copy_peak_rss_mb: copy.peak_rss_mb,
    entas_phase_ms: entas.timings,
    validation_only_seconds: Number(validation.seconds.toFixed(2)),
    validation_only_vs_copy: Number((validation.seconds / copy.seconds).toFixed(2)),
  });
  process.stderr.write(
    `${engine.padEnd(8)} entas ${entas.seconds.toFixed(1)}s (${Math.round(persons / entas.seconds).toLocaleString('en')} rows/s, ` +
      `peak RSS ${entas.peak_rss_mb} MB)  COPY ${copy.seconds.toFixed(1)}s  ratio ${ratio.toFixed(2)}` +
      `${engine === 'postgres' ? (ratio <= 2 ? '  (goal ≤ 2.0 met)' : '  (goal ≤ 2.0 NOT met)') : ''}` +
      `\n         COPY into a table like persons (its indexes) ${copyPersons.seconds.toFixed(1)}s  ` +
      `ratio ${ratioPersons.toFixed(2)}` +
      `\n         validation alone / COPY ${(validation.seconds / copy.seconds).toFixed(2)}` +
      `\n         phases (ms): ${JSON.stringify(entas.timings)}\n`,
  );
}
fs.rmSync(file, { force: true });
process.stdout.write(JSON.stringify({ benchmark: 'import', os: `${os.cpus().length} cpu`, results }) + '\n');
