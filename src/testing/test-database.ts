import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Database, DatabaseKind } from '../db/database.js';
import { openPgliteDatabase } from '../db/pglite-database.js';
import { openPostgresDatabase } from '../db/postgres-database.js';
import { withDatabase } from './global-setup.js';

/**
 * The engines this run tests against: PGlite always, PostgreSQL when TEST_DATABASE_URL is set; only the server
 * when it is a Citus cluster (TEST_CITUS_URL: the Citus job runs beside the PGlite and PostgreSQL one).
 */
export function testEngines(): DatabaseKind[] {
  const server = inject('postgres');
  if (server && server.citusWorkers.length > 0) return ['postgres'];
  return server ? ['pglite', 'postgres'] : ['pglite'];
}

/** True when the server engine is a Citus cluster (TEST_CITUS_URL): its distributed tables span the workers. */
export function onCitus(): boolean {
  return (inject('postgres')?.citusWorkers.length ?? 0) > 0;
}

/** A fresh, migrated database of its own, and the environment a spawned `entas` needs to use it. */
export interface TestDatabase {
  kind: DatabaseKind;
  /** ENTAS_DATA_DIR or DATABASE_URL for child processes (close `database` first on PGlite: one process at a time). */
  env: Record<string, string>;
  /** Opens (or re-opens) the database in this process. */
  open(): Promise<Database>;
  /** Removes the copy. */
  dispose(): Promise<void>;
}

let counter = 0;

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  counter += 1;
  if (kind === 'pglite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-test-'));
    fs.cpSync(inject('pgliteTemplateDir'), dataDir, { recursive: true });
    return {
      kind,
      env: { ENTAS_DATA_DIR: dataDir, DATABASE_URL: '' },
      open: () => openPgliteDatabase(path.join(dataDir, 'db')),
      dispose: () => {
        fs.rmSync(dataDir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  const server = inject('postgres');
  if (!server) throw new Error('PostgreSQL tests need TEST_DATABASE_URL');
  const name = `${server.prefix}_${process.pid}_${counter}`;
  // On Citus every worker holds its own copy of the template (its shards); they are cloned first.
  for (const nodeUrl of [...server.citusWorkers, server.serverUrl]) {
    await cloneTemplate(nodeUrl, server.template, name);
  }
  const url = withDatabase(server.serverUrl, name);
  return {
    kind,
    env: { DATABASE_URL: url },
    open: () => Promise.resolve(openPostgresDatabase(url)),
    dispose: async () => {
      for (const nodeUrl of [server.serverUrl, ...server.citusWorkers]) {
        await dropDatabase(nodeUrl, name, server.citusWorkers.length > 0);
      }
    },
  };
}

/**
 * Drops a test database. On Citus first closes it to new connections: the extension's maintenance daemon
 * reconnects to a database it serves, and DROP … WITH (FORCE) can lose that race.
 */
async function dropDatabase(serverUrl: string, name: string, citus: boolean): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    if (citus) await client.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`).catch(() => undefined);
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        break;
      } catch (error) {
        if (attempt >= 50 || !String(error).includes('being accessed by other users')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    await client.end();
  }
}

async function cloneTemplate(serverUrl: string, template: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // The template may still show a closing connection for a moment; retry rather than fail.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        break;
      } catch (error) {
        if (attempt >= 50 || !String(error).includes('being accessed by other users')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    await admin.end();
  }
}

/**
 * Gives the enclosing describe block its own migrated database, opened in this process:
 *   describe.each(testEngines())('households on %s', (kind) => {
 *     const ctx = useTestDatabase(kind);
 *     it('…', async () => { await ctx.database.db.selectFrom('households')… });
 *   });
 */
export interface EngineContext {
  readonly testDatabase: TestDatabase;
  readonly database: Database;
}

export function useTestDatabase(kind: DatabaseKind): EngineContext {
  let testDatabase: TestDatabase | undefined;
  let database: Database | undefined;
  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
    database = await testDatabase.open();
  });
  afterAll(async () => {
    await database?.close();
    await testDatabase?.dispose();
  });
  return {
    get testDatabase() {
      if (!testDatabase) throw new Error('test database not ready (use it inside tests/hooks)');
      return testDatabase;
    },
    get database() {
      if (!database) throw new Error('test database not ready (use it inside tests/hooks)');
      return database;
    },
  };
}
