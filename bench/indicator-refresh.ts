/**
 * npm run bench:indicator-refresh [-- --households 20000] [--regencies 3]
 *
 * The refresh statements against the ones they replaced (src/indicators/testing/reference-refresh-sql.ts: one
 * count(DISTINCT) GROUPING SETS over the whole hierarchy, regional deletes and ancestor sums by code prefix), on
 * one PostgreSQL database seeded like bench:indicators ($BENCH_POSTGRES_URL; a fresh database, dropped
 * afterwards). Every built-in indicator is stored once, then, per indicator, timed alternately (before first on
 * even indicators, after first on odd ones, so load drifting on a shared machine falls on both): a full refresh
 * replacing the stored rows, and a refresh of each of a few regencies. After each run the stored rows' count and
 * sums are compared between the two (they must agree). Prints one JSON object on stdout.
 */
import os from 'node:os';
import type { Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { openPostgresDatabase } from '../src/db/postgres-database.js';
import { refreshHealthScores } from '../src/cooperatives/health-score-refresh.js';
import type { RefreshStatement } from '../src/indicators/compute-sql.js';
import type { IndicatorDefinition } from '../src/indicators/definition.js';
import { refreshSettings, refreshStatementsIn } from '../src/indicators/indicator-service.js';
import { loadIndicatorSets } from '../src/indicators/definition-files.js';
import { IndicatorRepository } from '../src/indicators/indicator-repository.js';
import { SUBJECTS } from '../src/indicators/subjects.js';
import { referenceRefreshStatements } from '../src/indicators/testing/reference-refresh-sql.js';
import { adminStatement, benchServerUrl, withDatabase } from './bench-postgres.js';
import { helpOnRequest } from './bench-help.js';
import { seedIndicatorBench } from './indicator-seed.js';

const args = process.argv.slice(2);
helpOnRequest(args, {
  usage: 'npm run bench:indicator-refresh [-- options]',
  about: [
    'Indicator refresh statements against the ones they replaced, on one seeded PostgreSQL database: a full',
    'refresh and regency refreshes per built-in indicator, alternating which runs first. Prints one JSON object.',
  ],
  options: [
    ['--households N', 'households generated (default 20000)'],
    ['--regencies N', 'regencies refreshed per indicator (default 3)'],
  ],
  environment: [['BENCH_POSTGRES_URL', 'PostgreSQL server (default postgres://postgres@127.0.0.1:5432)']],
});
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const households = Number(option('households', '20000'));
const regencyCount = Number(option('regencies', '3'));
const log = (message: string) => process.stderr.write(`[bench:indicator-refresh] ${message}\n`);
const round = (x: number) => Math.round(x * 100) / 100;

/** Before: the replaced statements as the refresh ran them (no settings). */
async function before(database: Database, statements: RefreshStatement[]): Promise<number> {
  const started = performance.now();
  await database.transaction(async (tx) => {
    for (const s of statements) await s.execute(tx.db);
  });
  return (performance.now() - started) / 1000;
}

/** After: the statements refreshOne (indicator-service.ts) runs, with its settings. */
async function after(database: Database, def: IndicatorDefinition, version: number, region: string) {
  const started = performance.now();
  await database.transaction(async (tx) => {
    await refreshSettings(tx);
    for (const s of await refreshStatementsIn(tx, def, version, region, true)) await s.execute(tx.db);
  });
  return (performance.now() - started) / 1000;
}

async function fingerprint(database: Database, id: string): Promise<string> {
  const row = await database.db
    .selectFrom('indicator_values')
    .select((eb) => [
      eb.fn.countAll<string>().as('n'),
      eb.fn.sum<number>('numerator').as('num'),
      eb.fn.sum<number>(eb.fn.coalesce('denominator', eb.val(0))).as('den'),
      eb.fn.count<string>('parent_code').as('parents'),
    ])
    .where('indicator_id', '=', id)
    .executeTakeFirstOrThrow();
  return JSON.stringify(row);
}

async function main(): Promise<void> {
  const name = `entas_bench_indref_${process.pid}`;
  await adminStatement(`CREATE DATABASE ${name}`);
  const database = openPostgresDatabase(withDatabase(benchServerUrl, name));
  const loadAtStart = os.loadavg();
  try {
    await migrate(database);
    await seedIndicatorBench(database, households, log);
    const sets = loadIndicatorSets();
    const repo = new IndicatorRepository(database.db);
    const regencies = (
      await database.db
        .selectFrom('households')
        .select((eb) => eb.fn<string>('left', ['village_code', eb.val(5)]).as('r'))
        .distinct()
        .orderBy('r')
        .execute()
    ).map((r) => r.r);
    const picked = Array.from(
      { length: regencyCount },
      (_, i) => regencies[Math.floor((i * regencies.length) / regencyCount)]!,
    );
    await refreshHealthScores(database, '');
    const results: Record<string, unknown>[] = [];
    const totals = { full_before_s: 0, full_after_s: 0, regency_before_s: 0, regency_after_s: 0 };
    let i = 0;
    for (const set of sets) {
      for (const def of set.indicators) {
        const version = await repo.versionFor(set.name, def);
        await after(database, def, version, '');
        const stored = await fingerprint(database, def.id);
        const beforeFirst = i % 2 === 0;
        const time = async (region: string) => {
          const out = { before: 0, after: 0 };
          for (const which of beforeFirst ? ['before', 'after'] : ['after', 'before']) {
            out[which as 'before' | 'after'] =
              which === 'before'
                ? await before(database, referenceRefreshStatements(def, version, region))
                : await after(database, def, version, region);
            const now = await fingerprint(database, def.id);
            if (now !== stored) throw new Error(`${def.id} ${which} ${region}: ${now} ≠ ${stored}`);
          }
          return out;
        };
        const full = await time('');
        const regency = { before: 0, after: 0 };
        for (const r of picked) {
          const t = await time(r);
          regency.before += t.before;
          regency.after += t.after;
        }
        totals.full_before_s += full.before;
        totals.full_after_s += full.after;
        totals.regency_before_s += regency.before;
        totals.regency_after_s += regency.after;
        const stats = JSON.parse(stored) as { n: string };
        const row = {
          indicator: def.id,
          counting: SUBJECTS[def.subject]!.counting,
          stored_rows: Number(stats.n),
          full_before_s: round(full.before),
          full_after_s: round(full.after),
          full_ratio: round(full.before / full.after),
          regencies_before_s: round(regency.before),
          regencies_after_s: round(regency.after),
          regency_ratio: round(regency.before / regency.after),
        };
        log(JSON.stringify(row));
        results.push(row);
        i += 1;
      }
    }
    process.stdout.write(
      JSON.stringify({
        households,
        engine: 'postgres',
        load_average: { start: loadAtStart[0], end: os.loadavg()[0], cores: os.cpus().length },
        regencies: picked,
        totals: {
          full_before_s: round(totals.full_before_s),
          full_after_s: round(totals.full_after_s),
          full_ratio: round(totals.full_before_s / totals.full_after_s),
          regency_before_s: round(totals.regency_before_s),
          regency_after_s: round(totals.regency_after_s),
          regency_ratio: round(totals.regency_before_s / totals.regency_after_s),
        },
        indicators: results,
      }) + '\n',
    );
  } finally {
    await database.close();
    await adminStatement(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

await main();
