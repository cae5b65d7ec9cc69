/**
 * One measurement of bench:import in its own process (so peak RSS is this run's alone):
 *   node dist/bench/import-run.js prepare|entas|copy|copy-persons|validate pglite|postgres FILE TARGET
 * TARGET is a PGlite directory or a PostgreSQL URL of an empty database; `prepare` creates it (PGlite's initdb)
 * and migrates it, in a process of its own, so every measured process opens an existing database, as an import
 * does (a new PGlite database peaks near 1 GB RSS while initdb runs, before any row is read). Prints one JSON
 * line.
 *  - copy: the file into a bare table of its columns (the reference);
 *  - copy-persons: the file into a table with the definition and indexes of `persons`, the table the rows
 *    land in (identity id, defaults, CHECKs, its indexes), plus the file's household columns; no foreign keys;
 *  - validate: the import's validation alone, writing nothing (validation-only.ts).
 */
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { localActor } from '../src/audit/access-audit.js';
import { migrate } from '../src/db/migrate.js';
import { openPgliteDatabase } from '../src/db/pglite-database.js';
import { openPostgresDatabase } from '../src/db/postgres-database.js';
import { importFile } from '../src/intake/import-service.js';
import { measureValidationOnly } from './validation-only.js';

const [mode, engine, file, target] = process.argv.slice(2) as [string, string, string, string];

/** The reference table: the file's columns with the types entas stores them in, no indexes. */
const REFERENCE_TABLE = `CREATE TABLE copy_reference (
  no_kk text, nik text, nama text, jenis_kelamin text, tanggal_lahir date, hubungan_keluarga smallint,
  disabilitas boolean, kode_wilayah text, desil smallint, alamat text, pekerjaan text)`;
const COPY_OPTIONS = '(FORMAT csv, HEADER true)';
/** Built after the migrations, from `persons` itself, so it follows that table's definition and indexes. */
const PERSONS_REFERENCE_TABLE = `CREATE TABLE copy_reference (LIKE persons INCLUDING ALL);
  ALTER TABLE copy_reference ALTER COLUMN name_normalized SET DEFAULT '',
    ADD COLUMN kk text, ADD COLUMN village_code text, ADD COLUMN decile smallint, ADD COLUMN address text`;
const PERSONS_REFERENCE_COLUMNS =
  '(kk, nik, name, sex, birth_date, relation, disability, village_code, decile, address, occupation)';

const open = async () =>
  engine === 'pglite' ? await openPgliteDatabase(target) : openPostgresDatabase(target);

async function prepare() {
  const database = await open();
  await migrate(database);
  // Each measurement starts with no dirty buffers left by the one before (their write-back and the full-page
  // images after the next checkpoint would land on whichever measurement runs next). Needs superuser or
  // pg_checkpoint; without it the measurements just share the server's state.
  if (engine === 'postgres') await database.exec('CHECKPOINT').catch(() => undefined);
  await database.close();
  return { seconds: 0, rows: 0 };
}

async function measureEntas() {
  const database = await open();
  const started = performance.now();
  const result = await importFile(database, {
    profile: 'dtsen',
    path: file,
    actor: localActor('bench'),
    options: { snapshotDate: '2026-03-31', rejectsDir: '/tmp/entas-bench-import' },
  });
  const seconds = (performance.now() - started) / 1000;
  await database.close();
  return {
    seconds,
    rows: result.rows,
    accepted: result.accepted,
    rejected: result.rejected,
    timings: result.timings,
  };
}

async function measureCopy(likePersons: boolean) {
  const table = likePersons ? PERSONS_REFERENCE_TABLE : REFERENCE_TABLE;
  const columns = likePersons ? PERSONS_REFERENCE_COLUMNS : '';
  if (engine === 'pglite') {
    const pglite = await PGlite.create(target);
    await pglite.exec(table);
    const started = performance.now();
    const result = await pglite.query(`COPY copy_reference ${columns} FROM '/dev/blob' ${COPY_OPTIONS}`, [], {
      blob: new Blob([fs.readFileSync(file)]),
    });
    const seconds = (performance.now() - started) / 1000;
    await pglite.close();
    return { seconds, rows: result.affectedRows ?? 0 };
  }
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  await client.query(table);
  const started = performance.now();
  const stream = client.query(copyFrom(`COPY copy_reference ${columns} FROM STDIN ${COPY_OPTIONS}`));
  await pipeline(fs.createReadStream(file, { highWaterMark: 1 << 20 }), stream);
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return { seconds, rows: Number(stream.rowCount) };
}

const measured =
  mode === 'prepare'
    ? await prepare()
    : mode === 'entas'
      ? await measureEntas()
      : mode === 'validate'
        ? await measureValidationOnly(await open(), file)
        : await measureCopy(mode === 'copy-persons');
process.stdout.write(
  JSON.stringify({
    mode,
    engine,
    ...measured,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }) + '\n',
);
