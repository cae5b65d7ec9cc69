import type { Command } from 'commander';
import { registerCheck } from '../../../cooperatives/operations-service.js';
import { openBooks } from '../../../cooperatives/storage/ledger-repository.js';
import { presentRegisterCheck } from '../../../server/presenters/coop-operations.js';
import { action, withJson } from '../../command-runner.js';
import { tr } from '../../lang.js';
import { integerOption } from '../../option-values.js';
import { today } from './shared.js';

/** `entas coop register-check`: the registrar's checks. */
export function registerRegisterCheckCommand(coop: Command): void {
  withJson(
    coop
      .command('register-check')
      .description("the registrar's checks: business units, current officers, errors and warnings")
      .requiredOption('--coop <id>', 'cooperative id')
      .option('--as-of <YYYY-MM-DD>', 'default today'),
  ).action(
    action(async (ctx, o: { coop: string; asOf?: string }) => {
      const database = await ctx.database();
      const coopId = integerOption('--coop', o.coop);
      await database.transaction((tx) => openBooks(tx, coopId));
      const r = presentRegisterCheck(await registerCheck(database.db, coopId, o.asOf ?? today()));
      return {
        json: r,
        text: [
          `${tr('business units', 'unit usaha')}: ${[...r.business_units.standard, ...r.business_units.custom].join(', ') || '-'}`,
          ...r.officers.map(
            (x) => `  ${x.position.padEnd(20)}${x.name}${x.ex_officio ? ' (ex officio)' : ''}`,
          ),
          ...r.findings.map(
            (f) =>
              `${f.severity === 'error' ? tr('ERROR', 'GALAT') : tr('warning', 'peringatan')}: ${tr(f.message.en, f.message.id)}`,
          ),
          r.in_order
            ? tr('register in order', 'register sesuai ketentuan')
            : tr('register NOT in order', 'register BELUM sesuai ketentuan'),
        ].join('\n'),
      };
    }),
  );
}
