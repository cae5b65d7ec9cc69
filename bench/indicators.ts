/**
 * npm run bench:indicators [-- --households 500000] [--reads 300]
 *
 * Indicators at scale on PostgreSQL ($BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432; a fresh
 * database, dropped afterwards). Generates N households (two DTSEN snapshots each, a head of household), six
 * monthly PKH lists and four BPNT lists for deciles 1–5 with churn, and cooperative members in every tenth village
 * (generate_series, ANALYZE). Measures, in the same run:
 *   - full refresh of every built-in indicator (set-based, all regions at once), per indicator and total;
 *   - read latency (p50/p95/max) of `indicators show` reads at national, province, regency and village nodes,
 *     and drill-down (children of a province), against a reference read of the same run: a direct
 *     `count(*)` of one regency's households through the (prefix, id) index;
 *   - an import of 100,000 rows (25,000 households with their snapshot, head and a PKH list row each, in three
 *     regencies), then `refresh --changed` (which finds those regencies from the source watermarks and
 *     recomputes only them), against a full refresh after the same import.
 * Prints one JSON object on stdout.
 */
import os from 'node:os';
import { migrate } from '../src/db/migrate.js';
import { openPostgresDatabase } from '../src/db/postgres-database.js';
import { loadIndicatorSets } from '../src/indicators/definition-files.js';
import { readIndicator } from '../src/indicators/indicator-read.js';
import { refreshIndicators } from '../src/indicators/indicator-service.js';
import { adminStatement, benchServerUrl, withDatabase } from './bench-postgres.js';
import { helpOnRequest } from './bench-help.js';
import { seedIndicatorBench } from './indicator-seed.js';

const args = process.argv.slice(2);
helpOnRequest(args, {
  usage: 'npm run bench:indicators [-- options]',
  about: [
    'Indicators at scale on PostgreSQL: a full refresh of every built-in indicator, read latency at each region',
    'level against a direct count (reference), and `refresh --changed` after an import of 100000 rows against a',
    'full refresh. Prints one JSON object.',
  ],
  options: [
    ['--households N', 'households generated (default 500000)'],
    ['--reads N', 'reads per level (default 300)'],
    ['--full-after yes|no', 'compare with a second full refresh (default yes) or the first'],
  ],
  environment: [['BENCH_POSTGRES_URL', 'PostgreSQL server (default postgres://postgres@127.0.0.1:5432)']],
});
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const households = Number(option('households', '500000'));
const reads = Number(option('reads', '300'));
/** `--full-after no`: compare the incremental refresh with the first full refresh instead of a second one. */
const fullAfter = option('full-after', 'yes') !== 'no';
const serverUrl = benchServerUrl;
const log = (message: string) => process.stderr.write(`[bench:indicators] ${message}\n`);

const seconds = (since: number) => Math.round((performance.now() - since) / 10) / 100;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function latency(run: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < reads; i++) {
    const t = performance.now();
    await run(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    p50_ms: round(percentile(times, 50)),
    p95_ms: round(percentile(times, 95)),
    max_ms: round(times.at(-1)!),
  };
}

async function main(): Promise<void> {
  const name = `entas_bench_ind_${process.pid}`;
  await adminStatement(`CREATE DATABASE ${name}`);
  const database = openPostgresDatabase(withDatabase(serverUrl, name));
  const loadAtStart = os.loadavg();
  try {
    await migrate(database);
    await seedIndicatorBench(database, households, log);
    const sets = loadIndicatorSets();
    let started = performance.now();
    const full = await refreshIndicators(database, { sets, actor: 'bench' });
    const fullSeconds = seconds(started);
    log(`full refresh ${fullSeconds} s`);

    const nodes = async (level: number) =>
      (
        await database.db
          .selectFrom('indicator_values')
          .select('region_code')
          .distinct()
          .where('indicator_id', '=', 'kpm_conversion')
          .where('region_level', '=', level)
          .execute()
      ).map((r) => r.region_code);
    const byLevel = {
      national: [''],
      province: await nodes(1),
      regency: await nodes(2),
      village: await nodes(4),
    };
    const ids = sets[0]!.indicators.map((d) => d.id);
    const periodOf = (id: string) => {
      const g = sets[0]!.indicators.find((d) => d.id === id)!.periods;
      return g.includes('quarter') ? '2026Q1' : '2026-03';
    };
    const pick = <T>(list: readonly T[], i: number) => list[(i * 7919) % list.length]!;
    const readLatency: Record<string, unknown> = {};
    const regencies = byLevel.regency;
    readLatency.reference_direct_count_regency = await latency((i) =>
      database.exec(`SELECT count(*) FROM households WHERE left(village_code, 5) = '${pick(regencies, i)}'`),
    );
    for (const [level, codes] of Object.entries(byLevel)) {
      readLatency[level] = await latency((i) =>
        readIndicator(database.db, sets, {
          id: pick(ids, i),
          region: pick(codes, i),
          period: periodOf(pick(ids, i)),
        }),
      );
    }
    readLatency.province_children_by_sex_of_head = await latency((i) =>
      readIndicator(database.db, sets, {
        id: 'kpm_conversion',
        region: pick(byLevel.province, i),
        period: '2026-03',
        disaggregation: 'sex_of_head',
        children: true,
      }),
    );

    // An import of 100,000 rows into three regencies: 25,000 households × (household, snapshot, head, PKH row).
    const touched = [regencies[0]!, regencies[Math.floor(regencies.length / 2)]!, regencies.at(-1)!];
    started = performance.now();
    await database.exec(`
      INSERT INTO source_batches (source, file_name, snapshot_date) VALUES ('dtsen', 'bench-import', DATE '2026-06-30');
      CREATE TEMP TABLE import_villages AS
        SELECT (row_number() OVER (ORDER BY code))::int AS n, code FROM regions
        WHERE level = 4 AND left(code, 5) IN (${touched.map((c) => `'${c}'`).join(',')});
      INSERT INTO households (province_code, kk, village_code, decile, snapshot_date, batch_id)
        SELECT left(v.code, 2), 'NEW' || g, v.code, 1 + g % 10, DATE '2026-06-30', (SELECT max(id) FROM source_batches)
        FROM generate_series(1, 25000) g JOIN import_villages v ON v.n = 1 + g % (SELECT count(*) FROM import_villages);
      INSERT INTO household_snapshots (province_code, household_id, batch_id, snapshot_date, decile)
        SELECT province_code, id, batch_id, snapshot_date, decile FROM households WHERE kk LIKE 'NEW%';
      INSERT INTO persons (province_code, household_id, name, name_normalized, sex, relation)
        SELECT province_code, id, 'Baru', 'BARU', 'P', 1 FROM households WHERE kk LIKE 'NEW%';
      INSERT INTO program_enrolments (province_code, program_code, period, name, name_normalized, village_code, household_id)
        SELECT province_code, 'PKH', '2026-06', 'X', 'X', village_code, id FROM households WHERE kk LIKE 'NEW%';
      ANALYZE;`);
    const importSeconds = seconds(started);
    started = performance.now();
    const incremental = await refreshIndicators(database, { sets, changed: true, actor: 'bench' });
    const incrementalSeconds = seconds(started);
    const refreshedRegions = [...new Set(incremental.flatMap((r) => r.regions ?? []))].sort();
    started = performance.now();
    if (fullAfter) await refreshIndicators(database, { sets, actor: 'bench' });
    const fullAfterSeconds = fullAfter ? seconds(started) : fullSeconds;
    const valueRows = await database.db
      .selectFrom('indicator_values')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();

    process.stdout.write(
      JSON.stringify({
        households,
        engine: 'postgres',
        // The machine is shared: 1-minute load averages when the run started and ended, on this many cores.
        load_average: { start: loadAtStart[0], end: os.loadavg()[0], cores: os.cpus().length },
        indicators: full.length,
        indicator_value_rows: Number(valueRows.n),
        full_refresh_s: fullSeconds,
        per_indicator_s: Object.fromEntries(full.map((r) => [r.indicator_id, r.duration_ms / 1000])),
        reads: readLatency,
        import_100k_rows: {
          regencies: touched,
          regions_refreshed_by_changed: refreshedRegions,
          load_s: importSeconds,
          incremental_refresh_s: incrementalSeconds,
          full_refresh_s: fullAfterSeconds,
          full_refresh_measured: fullAfter ? 'after the import' : 'before the import (--full-after no)',
          ratio_incremental_to_full: Math.round((incrementalSeconds / fullAfterSeconds) * 1000) / 1000,
        },
      }) + '\n',
    );
  } finally {
    await database.close();
    await adminStatement(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

await main();
