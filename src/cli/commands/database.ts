import type { Command } from 'commander';
import { checkIndexes } from '../../db/index-check.js';
import { migrate } from '../../db/migrate.js';
import { openDatabase } from '../../db/open-database.js';
import { countCoreRows } from '../../db/table-counts.js';
import { action, withJson } from '../command-runner.js';
import { tr } from '../lang.js';

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
          text: applied.length
            ? tr(`applied ${applied.join(', ')}`, `diterapkan ${applied.join(', ')}`)
            : tr('database is up to date', 'basis data sudah mutakhir'),
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
            ? tr(
                `checked ${result.indexes} indexes with amcheck in ${result.ms} ms`,
                `${result.indexes} indeks diperiksa dengan amcheck dalam ${result.ms} ms`,
              )
            : tr(
                `amcheck is not available here: rebuilt all ${result.indexes} indexes (REINDEX) in ${result.ms} ms`,
                `amcheck tidak tersedia di sini: semua ${result.indexes} indeks dibangun ulang (REINDEX) dalam ${result.ms} ms`,
              );
        const lines = result.problems.map(
          (p) =>
            `  ${p.index} (${p.table}): ${p.repaired ? tr('rebuilt', 'dibangun ulang') : tr('DAMAGED', 'RUSAK')}: ${p.error}`,
        );
        const tail =
          result.problems.length === 0
            ? tr('all indexes are sound', 'semua indeks baik')
            : damaged > 0
              ? tr(
                  `${damaged} damaged: run \`entas db check --repair\` (with the server stopped)`,
                  `${damaged} rusak: jalankan \`entas db check --repair\` (dengan server dihentikan)`,
                )
              : tr(`${result.problems.length} rebuilt`, `${result.problems.length} dibangun ulang`);
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
