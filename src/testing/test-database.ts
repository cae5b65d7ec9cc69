import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Database, DatabaseKind } from '../db/database.js';
import { openPgliteDatabase } from '../db/pglite-database.js';
import { openPostgresDatabase } from '../db/postgres-database.js';
import { withDatabase } from './global-setup.js';

/** The engines this run tests against: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testEngines(): DatabaseKind[] {
  return inject('postgres') ? ['pglite', 'postgres'] : ['pglite'];
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
  const admin = new pg.Client({ connectionString: server.serverUrl });
  await admin.connect();
  try {
    // The template may still show a closing connection for a moment; retry rather than fail.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${server.template}`);
        break;
      } catch (error) {
        if (attempt >= 50 || !String(error).includes('being accessed by other users')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    await admin.end();
  }
  const url = withDatabase(server.serverUrl, name);
  return {
    kind,
    env: { DATABASE_URL: url },
    open: () => Promise.resolve(openPostgresDatabase(url)),
    dispose: async () => {
      const client = new pg.Client({ connectionString: server.serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
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
