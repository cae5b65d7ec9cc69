/**
 * npm run bench:demo [-- --persons N] [--engines pglite,postgres] [--province 53]
 *
 * Builds the demo population for about N persons (default 1,000,000) on PGlite (file-backed, fresh directory)
 * and on PostgreSQL (a fresh database on $BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432, dropped
 * afterwards), each in its own process, and reports persons/s and peak RSS. References measured in this run:
 *   - generation only (no database) persons/s: the load's speed is reported as a ratio of it;
 *   - the same load at a tenth of the size: peak RSS at full size over peak RSS at a tenth shows memory is
 *     bounded (≈1 when it does not grow with N).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { SerialAllocator } from '../src/synth/serials.js';
import { createRng } from '../src/shared/random.js';
import { regionalProfile } from '../src/synth/regional-profiles.js';
import { regionWelfareShift } from '../src/synth/welfare.js';
import { generateVillage } from '../src/demo/village-population.js';
import { helpOnRequest } from './bench-help.js';

const run = promisify(execFile);
const args = process.argv.slice(2);
helpOnRequest(args, {
  usage: 'npm run bench:demo [-- options]',
  about: [
    'Builds the demo population for about N persons on PGlite and on PostgreSQL, each in its own process, and',
    'reports persons/s (ratio to generation alone) and peak RSS (ratio to a tenth of the size).',
  ],
  options: [
    ['--persons N', 'persons to build (default 1000000)'],
    ['--engines LIST', 'pglite,postgres (default both)'],
    ['--province PP', 'province of the demo (default 53)'],
  ],
  environment: [['BENCH_POSTGRES_URL', 'PostgreSQL server (default postgres://postgres@127.0.0.1:5432)']],
});
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const targetPersons = Number(option('persons', '1000000'));
const engines = option('engines', 'pglite,postgres').split(',');
const province = option('province', '53');
const serverUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** Pure generation speed (the reference) and the mean household size that turns persons into households. */
function generationReference(): { personsPerSecond: number; meanSize: number } {
  const profile = regionalProfile(province);
  const settings = {
    profile,
    regionShift: regionWelfareShift(profile.povertyRate),
    programs: [
      { code: 'PKH', unit: 'household' as const, eligibleDeciles: [1, 2, 3, 4], monthlyBenefit: 250_000 },
      { code: 'BPNT', unit: 'household' as const, eligibleDeciles: [1, 2, 3, 4, 5], monthlyBenefit: 200_000 },
      { code: 'PBI-JK', unit: 'person' as const, eligibleDeciles: [1, 2, 3, 4, 5], monthlyBenefit: 42_000 },
    ],
    snapshotDate: '2026-01-31',
    previousSnapshotDate: '2025-10-31',
    period: '2026-01',
  };
  const rng = createRng('bench-reference');
  let households = 0;
  let persons = 0;
  const started = performance.now();
  for (let v = 0; v < 1000; v++) {
    const village = { code: `${province}.01.01.${2001 + v}`, name: `Desa ${v}`, kind: 'desa' as const };
    const population = generateVillage(
      rng.fork(v),
      { village, households: 60, neighbours: [], otherDistricts: [], serials: new SerialAllocator() },
      settings,
    );
    households += population.households.length;
    for (const h of population.households) persons += h.members.length;
  }
  const seconds = (performance.now() - started) / 1000;
  return { personsPerSecond: persons / seconds, meanSize: persons / households };
}

interface EngineResult {
  engine: string;
  persons: number;
  households: number;
  seconds: number;
  persons_per_s: number;
  peak_rss_mb: number;
  [key: string]: unknown;
}

async function runEngine(engine: string, households: number): Promise<EngineResult> {
  const child = new URL('./demo-run.js', import.meta.url).pathname;
  let dataDir: string | undefined;
  let dbName: string | undefined;
  const task: Record<string, unknown> = { engine, province, households, seed: 'bench' };
  if (engine === 'pglite') {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-bench-demo-'));
    task.dataDir = path.join(dataDir, 'db');
  } else {
    dbName = `entas_bench_demo_${process.pid}_${households}`;
    const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    task.url = `${serverUrl}/${dbName}`;
  }
  try {
    const { stdout, stderr } = await run(process.execPath, [child, JSON.stringify(task)], {
      maxBuffer: 64 * 1024 * 1024,
      timeout: 3_600_000,
    });
    if (stderr.trim()) process.stderr.write(stderr);
    return JSON.parse(stdout.trim().split('\n').pop()!) as EngineResult;
  } finally {
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
  }
}

const reference = generationReference();
const households = Math.round(targetPersons / reference.meanSize);
process.stderr.write(
  `reference: generation only ${Math.round(reference.personsPerSecond)} persons/s; mean household size ${reference.meanSize.toFixed(2)} → ${households} households\n`,
);
const results: Record<string, unknown> = {};
for (const engine of engines) {
  process.stderr.write(`${engine}: tenth-size run (memory reference)…\n`);
  const small = await runEngine(engine, Math.round(households / 10));
  process.stderr.write(`${engine}: full run…\n`);
  const full = await runEngine(engine, households);
  results[engine] = {
    ...full,
    load_vs_generation_speed: Math.round((full.persons_per_s / reference.personsPerSecond) * 1000) / 1000,
    tenth_size: { persons: small.persons, seconds: small.seconds, peak_rss_mb: small.peak_rss_mb },
    peak_rss_ratio_full_vs_tenth: Math.round((full.peak_rss_mb / small.peak_rss_mb) * 100) / 100,
  };
  process.stderr.write(
    `${engine}: ${full.persons} persons in ${full.seconds}s = ${full.persons_per_s} persons/s, peak RSS ${full.peak_rss_mb} MB (tenth size: ${small.peak_rss_mb} MB)\n`,
  );
}
process.stdout.write(
  JSON.stringify({
    bench: 'demo',
    province,
    target_persons: targetPersons,
    reference_generation_persons_per_s: Math.round(reference.personsPerSecond),
    cpus: os.cpus().length,
    results,
  }) + '\n',
);
