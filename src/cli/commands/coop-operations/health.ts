import type { Command } from 'commander';
import { loadHealthSettings } from '../../../cooperatives/health-settings-file.js';
import { cooperativeHealth } from '../../../cooperatives/operations-service.js';
import { presentHealth } from '../../../server/presenters/coop-operations.js';
import { action, withJson } from '../../command-runner.js';
import { tr } from '../../lang.js';
import { coopBooks } from '../../coop-audit.js';
import { today } from './shared.js';

/** `entas coop health`: health score with its components. */
export function registerHealthCommand(coop: Command): void {
  withJson(
    coop
      .command('health')
      .description('health score 0–100 with its components (formula: docs/FINANCE.md)')
      .requiredOption('--coop <id>', 'cooperative id')
      .option('--as-of <YYYY-MM-DD>', 'default today')
      .option(
        '--settings <file.yaml>',
        'weights and thresholds (default: ENTAS_COOP_HEALTH, else policies/coop-health.yaml)',
      ),
  ).action(
    action(async (ctx, o: { coop: string; asOf?: string; settings?: string }) => {
      const settings = loadHealthSettings(o.settings);
      const { database, books } = await coopBooks(ctx, o.coop);
      const h = presentHealth(
        books.cooperativeId,
        await cooperativeHealth(database.db, books, o.asOf ?? today(), settings),
      );
      return {
        json: h,
        text: [
          tr(`health score ${h.score} / 100 on ${h.as_of}`, `skor kesehatan ${h.score} / 100 per ${h.as_of}`),
          ...h.components.map(
            (c) =>
              `  ${c.key.padEnd(20)}${String(c.weight).padStart(4)}  ${c.applicable ? String(c.permille).padStart(4) + ' ‰' : tr('   n/a', '   t/a')}  ${Object.entries(
                c.inputs,
              )
                .map(([k, v]) => `${k}=${v ?? '-'}`)
                .join(' ')}`,
          ),
        ].join('\n'),
      };
    }),
  );
}
