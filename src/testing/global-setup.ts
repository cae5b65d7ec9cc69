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
 * each other's data. PostgreSQL is used when TEST_DATABASE_URL is set.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const pgliteTemplate = await buildPgliteTemplate();
  project.provide('pgliteTemplateDir', pgliteTemplate);

  const serverUrl = process.env.TEST_DATABASE_URL?.trim();
  const runId = `${Date.now().toString(36)}_${process.pid}`;
  let postgresTemplate: string | undefined;
  if (serverUrl) {
    postgresTemplate = `entas_tpl_${runId}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${postgresTemplate}`);
    const database = openPostgresDatabase(withDatabase(serverUrl, postgresTemplate), { max: 1 });
    try {
      await migrate(database);
    } finally {
      await database.close();
    }
  }
  project.provide(
    'postgres',
    serverUrl ? { serverUrl, template: postgresTemplate!, prefix: `entas_t_${runId}` } : null,
  );

  return async () => {
    if (!serverUrl) return;
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
        [`entas_t_${runId}%`, postgresTemplate],
      );
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
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
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplateDir: string;
    postgres: { serverUrl: string; template: string; prefix: string } | null;
  }
}
