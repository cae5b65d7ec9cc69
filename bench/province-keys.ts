/**
 * npm run bench:province-keys [-- --households 200000]
 *
 * Migration 0900 (province keys) on a populated PostgreSQL database ($BENCH_POSTGRES_URL, default
 * postgres://postgres@127.0.0.1:5432; a fresh database, dropped afterwards). Migrates to the migration before it,
 * generates N households over every Kemendagri village with 1–5 persons each (one in a hundred has since left
 * its household), a DTSEN snapshot per household and a PKH list row for deciles 1–4, then applies 0900 and
 * checks nothing was lost: the row count and a fingerprint of every table's original columns before and after,
 * and every person's province equal to its household's. Reference, same run: rewriting the same four tables
 * once (CREATE TABLE AS, no indexes), the least any migration adding a column to them costs.
 * Prints one JSON object on stdout.
 */
import pg from 'pg';
import { migrate } from '../src/db/migrate.js';
import { migrations } from '../src/db/migrations/index.js';
import { openPostgresDatabase } from '../src/db/postgres-database.js';
import type { Database } from '../src/db/database.js';
import { adminStatement, benchServerUrl, withDatabase } from './bench-postgres.js';
import { helpOnRequest } from './bench-help.js';

const args = process.argv.slice(2);
helpOnRequest(args, {
  usage: 'npm run bench:province-keys [-- options]',
  about: [
    'Migration 0900 (province keys) on a populated PostgreSQL database: applies it and checks nothing was lost,',
    'against rewriting the same four tables once (reference). Prints one JSON object.',
  ],
  options: [['--households N', 'households generated (default 200000)']],
  environment: [['BENCH_POSTGRES_URL', 'PostgreSQL server (default postgres://postgres@127.0.0.1:5432)']],
});
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const households = Number(option('households', '200000'));
const serverUrl = benchServerUrl;
const log = (message: string) => process.stderr.write(`[bench:province-keys] ${message}\n`);

/** Row count and a fingerprint of the columns every table had before 0900, per table. */
const FINGERPRINTS = {
  households: `SELECT count(*) AS n, sum(hashtext(concat_ws('|', id, kk, village_code, decile, batch_id))::bigint) AS f FROM households`,
  persons: `SELECT count(*) AS n, sum(hashtext(concat_ws('|', id, household_id, nik, name, relation))::bigint) AS f FROM persons`,
  household_snapshots: `SELECT count(*) AS n, sum(hashtext(concat_ws('|', household_id, batch_id, decile, member_ids))::bigint) AS f FROM household_snapshots`,
  program_enrolments: `SELECT count(*) AS n, sum(hashtext(concat_ws('|', id, program_code, period, village_code, household_id))::bigint) AS f FROM program_enrolments`,
};

async function fingerprints(url: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const [table, query] of Object.entries(FINGERPRINTS)) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string; f: string }>(query);
      result[table] = `${rows[0]!.n}/${rows[0]!.f}`;
    } finally {
      await client.end();
    }
  }
  return result;
}

async function generate(database: Database): Promise<void> {
  await database.exec(`
    CREATE TEMP TABLE bench_villages AS
      SELECT (row_number() OVER (ORDER BY code))::int AS n, code FROM regions WHERE level = 4;
    INSERT INTO source_batches (source, file_name, snapshot_date) VALUES ('dtsen', 'bench', DATE '2026-03-31');
    INSERT INTO households (kk, village_code, decile, snapshot_date, batch_id)
      SELECT lpad(g::text, 16, '0'), v.code, 1 + (g * 7919) % 10, DATE '2026-03-31', 1
      FROM generate_series(1::bigint, ${households}::bigint) AS g
      JOIN bench_villages v ON v.n = 1 + (g * 2654435761) % (SELECT count(*) FROM bench_villages);
    INSERT INTO persons (household_id, nik, name, name_normalized, sex, relation, batch_id)
      SELECT h.id, replace(left(h.village_code, 8), '.', '') || lpad((h.id * 10 + k)::text, 10, '0'),
             'Warga ' || h.id, 'WARGA ' || h.id, CASE WHEN k % 2 = 0 THEN 'P' ELSE 'L' END,
             CASE WHEN k = 1 THEN 1 ELSE 4 END, 1
      FROM households h CROSS JOIN LATERAL generate_series(1, 1 + (h.id % 5)::int) AS k;
    INSERT INTO household_snapshots (household_id, batch_id, snapshot_date, decile, member_count, member_ids)
      SELECT h.id, 1, DATE '2026-03-31', h.decile, count(p.id), array_agg(p.id ORDER BY p.id)
      FROM households h JOIN persons p ON p.household_id = h.id GROUP BY h.id;
    UPDATE persons SET household_id = NULL WHERE id % 100 = 0;
    INSERT INTO program_enrolments (program_code, period, nik, name, name_normalized, village_code, household_id)
      SELECT 'PKH', '2026-03', NULL, 'X', 'X', h.village_code, h.id FROM households h WHERE h.decile <= 4;
    ANALYZE;`);
}

const seconds = (started: number) => (performance.now() - started) / 1000;

async function main(): Promise<void> {
  const name = `entas_bench_province_${Date.now().toString(36)}`;
  await adminStatement(`CREATE DATABASE ${name}`);
  const url = withDatabase(serverUrl, name);
  const database = openPostgresDatabase(url);
  try {
    const target = migrations.findIndex((m) => m.name === '0900-province-keys');
    await migrate(database, migrations.slice(0, target));
    let started = performance.now();
    await generate(database);
    const generateSeconds = seconds(started);
    const before = await fingerprints(url);
    const counts = Object.fromEntries(Object.entries(before).map(([t, v]) => [t, Number(v.split('/')[0])]));
    log(`generated ${JSON.stringify(counts)} in ${generateSeconds.toFixed(1)} s`);

    started = performance.now();
    await database.exec(`
      CREATE TABLE ref_households AS SELECT *, left(village_code, 2) AS p FROM households;
      CREATE TABLE ref_persons AS SELECT *, 'xx'::char(2) AS p FROM persons;
      CREATE TABLE ref_snapshots AS SELECT *, 'xx'::char(2) AS p FROM household_snapshots;
      CREATE TABLE ref_enrolments AS SELECT *, left(village_code, 2) AS p FROM program_enrolments;`);
    const referenceSeconds = seconds(started);
    await database.exec(`DROP TABLE ref_households, ref_persons, ref_snapshots, ref_enrolments`);
    log(`reference rewrite ${referenceSeconds.toFixed(1)} s`);

    started = performance.now();
    const applied = await migrate(database);
    const migrationSeconds = seconds(started);
    log(`applied ${applied.join(', ')} in ${migrationSeconds.toFixed(1)} s`);

    const after = await fingerprints(url);
    const lost = Object.keys(before).filter((t) => before[t] !== after[t]);
    const mismatched = await database.db
      .selectFrom('persons as x')
      .innerJoin('households as h', 'h.id', 'x.household_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .whereRef('x.province_code', '<>', 'h.province_code')
      .executeTakeFirstOrThrow();
    const result = {
      households,
      rows: counts,
      generate_seconds: Number(generateSeconds.toFixed(1)),
      migration_seconds: Number(migrationSeconds.toFixed(1)),
      reference_rewrite_seconds: Number(referenceSeconds.toFixed(1)),
      ratio: Number((migrationSeconds / referenceSeconds).toFixed(2)),
      tables_changed: lost,
      persons_in_another_province_than_household: Number(mismatched.n),
    };
    process.stdout.write(JSON.stringify(result) + '\n');
    if (lost.length > 0 || Number(mismatched.n) > 0) process.exitCode = 1;
  } finally {
    await database.close();
    await adminStatement(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

await main();
