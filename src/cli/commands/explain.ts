import type { Command } from 'commander';
import { explainHousehold } from '../../policy/explain-service.js';
import { UserError } from '../../shared/errors.js';
import { action, withJson } from '../command-runner.js';

export function registerExplainCommands(program: Command): void {
  withJson(
    program
      .command('explain')
      .argument('<household-id>', 'household id (households.id)')
      .option('--lang <lang>', 'id, en or both', 'both')
      .description('a household’s targeting decisions over time, in plain language'),
  ).action(
    action(async (ctx, id: string, options: { lang: string }) => {
      const householdId = Number(id);
      if (!Number.isInteger(householdId) || householdId <= 0)
        throw new UserError(`invalid household id "${id}"`);
      if (!['id', 'en', 'both'].includes(options.lang))
        throw new UserError(`invalid --lang "${options.lang}": use id, en or both`);
      const history = await explainHousehold((await ctx.database()).db, householdId);
      const lines = history.length
        ? history.flatMap((d) => [
            ...(options.lang !== 'en' ? [d.text.id] : []),
            ...(options.lang !== 'id' ? [d.text.en] : []),
          ])
        : [
            `Rumah tangga ${householdId} belum pernah diputuskan oleh kebijakan apa pun. / Household ${householdId} has no policy decision yet.`,
          ];
      return { json: { household_id: householdId, decisions: history }, text: lines.join('\n') };
    }),
  );
}
