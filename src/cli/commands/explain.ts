import type { Command } from 'commander';
import { explainHousehold } from '../../policy/explain-service.js';
import { action, withJson } from '../command-runner.js';
import { userError } from '../lang.js';

export function registerExplainCommands(program: Command): void {
  withJson(
    program
      .command('explain')
      .argument('<household-id>', 'household id (households.id)')
      .description(
        'a household’s targeting decisions over time, in plain language (both languages unless --lang id or en is given)',
      ),
  ).action(
    action(async (ctx, id: string) => {
      const householdId = Number(id);
      if (!Number.isInteger(householdId) || householdId <= 0)
        throw userError(`invalid household id "${id}"`, `id rumah tangga "${id}" tidak sah`);
      // The root's --lang, when given, chooses one language; otherwise both are printed.
      const only = ctx.explicitLang;
      const history = await explainHousehold((await ctx.database()).db, householdId);
      const lines = history.length
        ? history.flatMap((d) => [
            ...(only !== 'en' ? [d.text.id] : []),
            ...(only !== 'id' ? [d.text.en] : []),
          ])
        : [
            `Rumah tangga ${householdId} belum pernah diputuskan oleh kebijakan apa pun. / Household ${householdId} has no policy decision yet.`,
          ];
      return { json: { household_id: householdId, decisions: history }, text: lines.join('\n') };
    }),
  );
}
