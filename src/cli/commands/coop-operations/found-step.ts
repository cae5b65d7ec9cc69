import type { Command } from 'commander';
import { FOUNDING_STEPS } from '../../../cooperatives/operations/founding.js';
import { recordFoundingStep, requireFounding } from '../../../cooperatives/operations-service.js';
import { presentFounding } from '../../../server/presenters/coop-operations.js';
import { action, withJson } from '../../command-runner.js';
import { integerOption } from '../../option-values.js';
import { foundingText, foundingChange } from './shared.js';

/** `entas coop found step`: record a checklist step (audited). */
export function registerFoundStepCommand(found: Command): void {
  withJson(
    found
      .command('step')
      .description(`record a step: ${FOUNDING_STEPS.join(', ')}`)
      .requiredOption('--founding <id>', 'founding id')
      .requiredOption('--step <step>', FOUNDING_STEPS.join(' | '))
      .requiredOption('--date <YYYY-MM-DD>', 'date')
      .requiredOption('--document <text>', 'the document (e.g. berita acara number)')
      .option('--founders <n>', 'founders step: number of founders (at least 9)')
      .option('--legal-entity-no <no>', 'legal_entity step: the legal-entity number (SK AHU)')
      .option('--bank <name>', 'bank_account step: bank')
      .option('--account-no <no>', 'bank_account step: account number'),
  ).action(
    action(
      async (
        ctx,
        o: {
          founding: string;
          step: string;
          date: string;
          document: string;
          founders?: string;
          legalEntityNo?: string;
          bank?: string;
          accountNo?: string;
        },
      ) => {
        const database = await ctx.database();
        const row = await requireFounding(database.db, integerOption('--founding', o.founding));
        const f = await foundingChange(
          ctx,
          'coop_founding.step',
          (tx) =>
            recordFoundingStep(
              tx,
              row,
              {
                step: o.step,
                doneOn: o.date,
                document: o.document,
                details: {
                  ...(o.founders === undefined ? {} : { founders: integerOption('--founders', o.founders) }),
                  ...(o.legalEntityNo === undefined ? {} : { legal_entity_no: o.legalEntityNo }),
                  ...(o.bank === undefined ? {} : { bank: o.bank }),
                  ...(o.accountNo === undefined ? {} : { account_no: o.accountNo }),
                },
              },
              ctx.actor,
            ),
          { step: o.step, done_on: o.date },
        );
        return { json: presentFounding(f), text: foundingText(f) };
      },
    ),
  );
}
