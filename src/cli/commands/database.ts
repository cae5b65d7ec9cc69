import type { Command } from 'commander';
import { migrate } from '../../db/migrate.js';
import { openDatabase } from '../../db/open-database.js';
import { countCoreRows } from '../../db/table-counts.js';
import { action, withJson } from '../command-runner.js';

export function registerDatabaseCommands(program: Command): void {
  withJson(
    program.command('migrate').description('apply pending database migrations (also done on every start)'),
  ).action(
    action(async (ctx) => {
      const database = await openDatabase(ctx.config, { migrate: false });
      try {
        const applied = await migrate(database);
        return {
          json: { applied, database: database.kind },
          text: applied.length ? `applied ${applied.join(', ')}` : 'database is up to date',
        };
      } finally {
        await database.close();
      }
    }),
  );

  const db = program.command('db').description('database inspection');
  withJson(db.command('counts').description('row counts of the main tables')).action(
    action(async (ctx) => {
      const counts = await countCoreRows((await ctx.database()).db);
      return {
        json: counts,
        text: Object.entries(counts)
          .map(([k, v]) => `${k.padEnd(14)} ${v}`)
          .join('\n'),
      };
    }),
  );
}
