import path from 'node:path';
import type { EntasConfig } from '../config.js';
import type { Database } from './database.js';
import { migrate } from './migrate.js';
import { openPgliteDatabase } from './pglite-database.js';
import { openPostgresDatabase } from './postgres-database.js';

/** Opens the configured database (PGlite under dataDir unless DATABASE_URL is set) and brings it up to date. */
export async function openDatabase(
  config: Pick<EntasConfig, 'databaseUrl' | 'dataDir'>,
  options: { migrate?: boolean } = {},
): Promise<Database> {
  const database = config.databaseUrl
    ? openPostgresDatabase(config.databaseUrl)
    : await openPgliteDatabase(path.join(config.dataDir, 'db'));
  if (options.migrate !== false) {
    try {
      await migrate(database);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}
