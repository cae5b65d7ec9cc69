import type { Command } from 'commander';
import { endOfficerTerm } from '../../../cooperatives/operations-service.js';
import { action, withJson } from '../../command-runner.js';
import { tr } from '../../lang.js';
import { integerOption } from '../../option-values.js';
import { change } from './shared.js';

/** `entas coop officer-end`: end an officer's term (audited). */
export function registerOfficerEndCommand(coop: Command): void {
  withJson(
    coop
      .command('officer-end')
      .description("end an officer's term (the record is kept; audited)")
      .requiredOption('--coop <id>', 'cooperative id')
      .requiredOption('--officer <id>', 'officer id')
      .requiredOption('--date <YYYY-MM-DD>', 'last day in office'),
  ).action(
    action(async (ctx, o: { coop: string; officer: string; date: string }) => {
      const coopId = integerOption('--coop', o.coop);
      const r = await change(
        ctx,
        'cooperative_officer.end',
        (tx) => endOfficerTerm(tx, coopId, integerOption('--officer', o.officer), o.date),
        (x) => ({ officer_id: x.officerId, end_date: x.endDate }),
      );
      return {
        json: { officer_id: r.officerId, end_date: r.endDate },
        text: tr('term ended', 'masa jabatan diakhiri'),
      };
    }),
  );
}
