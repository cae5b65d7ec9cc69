import type { Command } from 'commander';
import { recordRat } from '../../../cooperatives/operations-service.js';
import { action, withJson } from '../../command-runner.js';
import { tr } from '../../lang.js';
import { integerOption } from '../../option-values.js';
import { change } from './shared.js';

/** `entas coop rat`: when a book year's RAT was held (audited). */
export function registerRatCommand(coop: Command): void {
  withJson(
    coop
      .command('rat')
      .description("record when a book year's RAT (annual members' meeting) was held")
      .requiredOption('--coop <id>', 'cooperative id')
      .requiredOption('--year <yyyy>', 'book year')
      .requiredOption('--held-on <YYYY-MM-DD>', 'date of the RAT'),
  ).action(
    action(async (ctx, o: { coop: string; year: string; heldOn: string }) => {
      const coopId = integerOption('--coop', o.coop);
      const r = await change(
        ctx,
        'coop_rat.record',
        (tx) => recordRat(tx, coopId, integerOption('--year', o.year), o.heldOn, ctx.actor),
        (x) => ({ book_year: x.bookYear, held_on: x.heldOn }),
      );
      return { json: { book_year: r.bookYear, held_on: r.heldOn }, text: tr('RAT recorded', 'RAT dicatat') };
    }),
  );
}
