import type { Command } from 'commander';
import { foundingView, requireFounding } from '../../../cooperatives/operations-service.js';
import { presentFounding } from '../../../server/presenters/coop-operations.js';
import { action, withJson } from '../../command-runner.js';
import { integerOption } from '../../option-values.js';
import { foundingText } from './shared.js';

/** `entas coop found show`: a founding checklist. */
export function registerFoundShowCommand(found: Command): void {
  withJson(
    found
      .command('show')
      .description('a founding checklist')
      .requiredOption('--founding <id>', 'founding id'),
  ).action(
    action(async (ctx, o: { founding: string }) => {
      const database = await ctx.database();
      const f = await foundingView(
        database.db,
        await requireFounding(database.db, integerOption('--founding', o.founding)),
      );
      return { json: presentFounding(f), text: foundingText(f) };
    }),
  );
}
