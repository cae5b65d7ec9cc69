import type { Command } from 'commander';
import { checkIndexes } from '../../db/index-check.js';
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

  withJson(
    db
      .command('check')
      .description(
        "verify every index (amcheck's bt_index_check where available, else a rebuild); exits 1 when an index is damaged",
      )
      .option('--repair', 'rebuild (REINDEX) the indexes found damaged'),
  ).action(
    action(async (ctx, options: { repair?: boolean }) => {
      const notice = (text: string) => process.stderr.write(text + '\n');
      const database = await openDatabase(ctx.config, { migrate: false, amcheck: true, notice });
      try {
        const result = await checkIndexes(database, { repair: options.repair === true });
        const damaged = result.problems.filter((p) => !p.repaired).length;
        const head =
          result.method === 'amcheck'
            ? `checked ${result.indexes} indexes with amcheck in ${result.ms} ms`
            : `amcheck is not available here: rebuilt all ${result.indexes} indexes (REINDEX) in ${result.ms} ms`;
        const lines = result.problems.map(
          (p) => `  ${p.index} (${p.table}): ${p.repaired ? 'rebuilt' : 'DAMAGED'}: ${p.error}`,
        );
        const tail =
          result.problems.length === 0
            ? 'all indexes are sound'
            : damaged > 0
              ? `${damaged} damaged: run \`entas db check --repair\` (with the server stopped)`
              : `${result.problems.length} rebuilt`;
        return {
          json: { database: database.kind, ...result },
          text: [head, ...lines, tail].join('\n'),
          exitCode: damaged > 0 ? 1 : 0,
        };
      } finally {
        await database.close();
      }
    }),
  );
}
