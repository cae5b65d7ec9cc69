import type { Command } from 'commander';
import { startFounding } from '../../../cooperatives/operations-service.js';
import { presentFounding } from '../../../server/presenters/coop-operations.js';
import { action, withJson } from '../../command-runner.js';
import { foundingText, foundingChange } from './shared.js';

/** `entas coop found start`: open a founding checklist (audited). */
export function registerFoundStartCommand(found: Command): void {
  withJson(
    found
      .command('start')
      .description('open a founding checklist')
      .requiredOption('--village <code>', 'village code, e.g. 53.01.01.2001')
      .requiredOption('--name <name>', 'name of the cooperative to be'),
  ).action(
    action(async (ctx, o: { village: string; name: string }) => {
      const f = await foundingChange(
        ctx,
        'coop_founding.start',
        (tx) => startFounding(tx, o.village, o.name, ctx.actor),
        {
          name: o.name,
        },
      );
      return { json: presentFounding(f), text: foundingText(f) };
    }),
  );
}
