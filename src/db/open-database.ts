import path from 'node:path';
import type { EntasConfig } from '../config.js';
import type { Database } from './database.js';
import { checkIndexes } from './index-check.js';
import { migrate } from './migrate.js';
import { openPgliteDatabase } from './pglite-database.js';
import { openPostgresDatabase } from './postgres-database.js';

/**
 * Opens the configured database (PGlite under dataDir unless DATABASE_URL is set) and brings it up to date.
 * An embedded database its last process left open (killed) has its indexes checked and repaired first, and
 * `notice` says so.
 */
export async function openDatabase(
  config: Pick<EntasConfig, 'databaseUrl' | 'dataDir'> & Partial<Pick<EntasConfig, 'snapshotReaders'>>,
  options: { migrate?: boolean; amcheck?: boolean; notice?: (text: string) => void } = {},
): Promise<Database> {
  const database = config.databaseUrl
    ? openPostgresDatabase(config.databaseUrl, { snapshotReaders: config.snapshotReaders ?? true })
    : await openPgliteDatabase(path.join(config.dataDir, 'db'), { amcheck: options.amcheck === true });
  try {
    const holder = database.uncleanShutdown;
    if (holder) {
      const notice = options.notice ?? (() => undefined);
      notice(
        `entas: the database was not closed cleanly (process ${holder.pid}, started ${holder.started_at}); checking its indexes…`,
      );
      const result = await checkIndexes(database, { repair: true });
      notice(
        `entas: indexes checked (${result.method}, ${result.indexes} indexes, ${result.ms} ms): ` +
          (result.problems.length === 0
            ? 'all sound'
            : `rebuilt ${result.problems.map((p) => p.index).join(', ')}`),
      );
    }
    if (options.migrate !== false) await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
