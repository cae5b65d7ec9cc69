import type { Command } from 'commander';
import { registerFounding, requireFounding } from '../../../cooperatives/operations-service.js';
import { presentFounding } from '../../../server/presenters/coop-operations.js';
import { action, withJson } from '../../command-runner.js';
import { integerOption } from '../../option-values.js';
import { foundingText, foundingChange } from './shared.js';

/** `entas coop found register`: every step done, the cooperative enters the register (audited). */
export function registerFoundRegisterCommand(found: Command): void {
  withJson(
    found
      .command('register')
      .description('every step done: enter the cooperative in the register')
      .requiredOption('--founding <id>', 'founding id'),
  ).action(
    action(async (ctx, o: { founding: string }) => {
      const database = await ctx.database();
      const row = await requireFounding(database.db, integerOption('--founding', o.founding));
      const f = await foundingChange(ctx, 'coop_founding.register', (tx) => registerFounding(tx, row), {});
      return { json: presentFounding(f), text: foundingText(f) };
    }),
  );
}
