import type { Command } from 'commander';
import { setBusinessUnits } from '../../../cooperatives/operations-service.js';
import { action, withJson } from '../../command-runner.js';
import { integerOption } from '../../option-values.js';
import { collect, change } from './shared.js';

/** `entas coop business-units`: set the business units (audited). */
export function registerBusinessUnitsCommand(coop: Command): void {
  withJson(
    coop
      .command('business-units')
      .description(
        'set the business units: office, sembako_outlet, savings_and_loan, clinic, pharmacy, warehouse_cold_storage, logistics, or any other name (custom)',
      )
      .requiredOption('--coop <id>', 'cooperative id')
      .option('--unit <unit>', 'a unit (repeat the option)', collect, []),
  ).action(
    action(async (ctx, o: { coop: string; unit: string[] }) => {
      const coopId = integerOption('--coop', o.coop);
      const r = await change(
        ctx,
        'cooperative.business_units',
        (tx) => setBusinessUnits(tx, coopId, o.unit),
        (x) => ({ units: x.units }),
      );
      return { json: { units: r.units }, text: r.units.join(', ') };
    }),
  );
}
