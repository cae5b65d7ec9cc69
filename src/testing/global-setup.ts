import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../db/migrate.js';
import { openPgliteDatabase } from '../db/pglite-database.js';
import { openPostgresDatabase } from '../db/postgres-database.js';

/**
 * Builds one migrated, region-seeded template per engine for the whole run; each test file then gets its
 * own copy (a copied PGlite folder, or a PostgreSQL database cloned from the template), so files never see
 * each other's data. PostgreSQL is used when TEST_DATABASE_URL is set, a Citus cluster when TEST_CITUS_URL is.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const pgliteTemplate = await buildPgliteTemplate();
  project.provide('pgliteTemplateDir', pgliteTemplate);

  // A Citus coordinator (TEST_CITUS_URL) takes the server's place: the same tests, on distributed tables.
  const citusUrl = process.env.TEST_CITUS_URL?.trim();
  const serverUrl = citusUrl || process.env.TEST_DATABASE_URL?.trim();
  const runId = `${Date.now().toString(36)}_${process.pid}`;
  let postgresTemplate: string | undefined;
  let workers: string[] = [];
  if (serverUrl) {
    postgresTemplate = `entas_tpl_${runId}`;
    if (citusUrl) {
      workers = await buildCitusTemplate(citusUrl, postgresTemplate);
    } else {
      await adminQuery(serverUrl, `CREATE DATABASE ${postgresTemplate}`);
      await migrateTemplate(withDatabase(serverUrl, postgresTemplate));
    }
  }
  project.provide(
    'postgres',
    serverUrl
      ? { serverUrl, template: postgresTemplate!, prefix: `entas_t_${runId}`, citusWorkers: workers }
      : null,
  );

  return async () => {
    if (!serverUrl) return;
    for (const url of [serverUrl, ...workers]) await dropRunDatabases(url, runId, postgresTemplate!);
  };
}

async function migrateTemplate(url: string): Promise<void> {
  const database = openPostgresDatabase(url, { max: 1 });
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
}

async function dropRunDatabases(serverUrl: string, runId: string, template: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
      [`entas_t_${runId}%`, template],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * A Citus cluster keeps one database per name on every node, the coordinator's metadata naming shards the
 * workers hold. So the template is created on each node with the extension, the nodes are registered in it, the
 * migrations run on the coordinator (distributing the tables), and then every node's copy is closed to
 * connections (Citus's maintenance daemon would otherwise hold it open), so each test file can clone it on every
 * node: the clones make up a cluster database of their own. Four shards per table keep the migrations quick.
 * Returns the workers' server URLs.
 */
async function buildCitusTemplate(coordinatorUrl: string, template: string): Promise<string[]> {
  const coordinator = new URL(coordinatorUrl);
  const { rows: nodes } = await adminRows<{ nodename: string; nodeport: number }>(
    coordinatorUrl,
    `SELECT nodename, nodeport FROM pg_dist_node WHERE noderole = 'primary' AND groupid <> 0 ORDER BY nodeport`,
  );
  const workers = nodes.map((n) => {
    const url = new URL(coordinatorUrl);
    url.hostname = n.nodename;
    url.port = String(n.nodeport);
    return url.toString();
  });
  for (const url of [...workers, coordinatorUrl]) {
    await adminQuery(url, `CREATE DATABASE ${template}`);
    await adminQuery(withDatabase(url, template), 'CREATE EXTENSION citus');
  }
  const registration = [
    `SELECT citus_set_coordinator_host('${coordinator.hostname}', ${Number(coordinator.port || 5432)})`,
    ...nodes.map((n) => `SELECT citus_add_node('${n.nodename}', ${n.nodeport})`),
  ];
  for (const statement of registration) await adminQuery(withDatabase(coordinatorUrl, template), statement);
  await adminQuery(coordinatorUrl, `ALTER DATABASE ${template} SET citus.shard_count = 4`);
  await migrateTemplate(withDatabase(coordinatorUrl, template));
  for (const url of [coordinatorUrl, ...workers]) {
    await adminQuery(url, `ALTER DATABASE ${template} ALLOW_CONNECTIONS false`);
    await adminQuery(
      url,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${template}' AND pid <> pg_backend_pid()`,
    );
  }
  return workers;
}

/** The PGlite template is cached across runs, keyed by the migration sources, since initdb takes seconds. */
async function buildPgliteTemplate(): Promise<string> {
  const key = hashFolder(path.resolve(import.meta.dirname, '../db'));
  const root = path.join(os.tmpdir(), 'entas-test-templates', key);
  if (fs.existsSync(path.join(root, 'READY'))) return root;
  // Build beside it and rename into place, so concurrent runs never see (or clobber) a half-built template.
  fs.mkdirSync(path.dirname(root), { recursive: true });
  const building = fs.mkdtempSync(`${root}.building-`);
  const database = await openPgliteDatabase(path.join(building, 'db'));
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
  fs.writeFileSync(path.join(building, 'READY'), new Date().toISOString());
  try {
    fs.renameSync(building, root);
  } catch {
    // Another run finished first: use theirs.
    fs.rmSync(building, { recursive: true, force: true });
  }
  return root;
}

function hashFolder(dir: string): string {
  const hash = crypto.createHash('sha256');
  const walk = (d: string) => {
    for (const entry of fs
      .readdirSync(d, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|sql)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
        hash.update(entry.name);
        hash.update(fs.readFileSync(full));
      }
    }
  };
  walk(dir);
  return hash.digest('hex').slice(0, 16);
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(url: string, statement: string): Promise<void> {
  await adminRows(url, statement);
}

async function adminRows<R extends pg.QueryResultRow>(
  url: string,
  statement: string,
): Promise<pg.QueryResult<R>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query<R>(statement);
  } finally {
    await client.end();
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplateDir: string;
    /** `citusWorkers`: the worker servers of a Citus cluster (TEST_CITUS_URL), each holding its own copies. */
    postgres: { serverUrl: string; template: string; prefix: string; citusWorkers: string[] } | null;
  }
}
