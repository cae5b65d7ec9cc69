import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { Database } from '../db/database.js';
import { openPgliteDatabase } from '../db/pglite-database.js';
import { openPostgresDatabase } from '../db/postgres-database.js';
import { withDatabase } from './global-setup.js';

/**
 * An empty database of its own (no migrations run), for tests that upgrade a populated installation: they run
 * the migrations before the one under test, add rows, then run the rest. `label` names the server copy.
 */
export async function openUnmigrated(
  kind: 'pglite' | 'postgres',
  label: string,
): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `entas-${label}-`));
    const database = await openPgliteDatabase(path.join(dir, 'db'));
    const drop = () => {
      fs.rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    };
    return { database, drop };
  }
  const server = inject('postgres')!;
  const name = `${server.prefix}_${label}_${process.pid}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: server.serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const database = openPostgresDatabase(withDatabase(server.serverUrl, name));
  return { database, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
