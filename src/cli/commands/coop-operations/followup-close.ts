import type { Command } from 'commander';
import { closeFollowup } from '../../../cooperatives/operations-service.js';
import { action, withJson } from '../../command-runner.js';
import { tr } from '../../lang.js';
import { integerOption } from '../../option-values.js';
import { change } from './shared.js';

/** `entas coop followup-close`: close a mentoring follow-up (audited). */
export function registerFollowupCloseCommand(coop: Command): void {
  withJson(
    coop
      .command('followup-close')
      .description('close a mentoring follow-up (audited)')
      .requiredOption('--coop <id>', 'cooperative id')
      .requiredOption('--followup <id>', 'follow-up id')
      .requiredOption('--date <YYYY-MM-DD>', 'date it was done')
      .option('--note <text>', 'what was done', ''),
  ).action(
    action(async (ctx, o: { coop: string; followup: string; date: string; note: string }) => {
      const coopId = integerOption('--coop', o.coop);
      const id = integerOption('--followup', o.followup);
      const r = await change(
        ctx,
        'coop_mentoring.close_followup',
        (tx) => closeFollowup(tx, coopId, id, { closedOn: o.date, note: o.note }, ctx.actor),
        (x) => ({ followup_id: x.followupId, closed_on: x.closedOn }),
      );
      return {
        json: { followup_id: r.followupId, closed_on: r.closedOn },
        text: tr(`follow-up ${id} closed on ${r.closedOn}`, `tindak lanjut ${id} ditutup pada ${r.closedOn}`),
      };
    }),
  );
}
