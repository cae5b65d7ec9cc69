import type { Command } from 'commander';
import { explainHousehold } from '../../policy/explain-service.js';
import { UserError } from '../../shared/errors.js';
import { auditAccess } from '../../audit/access-audit.js';
import { action, withJson } from '../command-runner.js';
import { localOperator } from '../local-operator.js';

export function registerExplainCommands(program: Command): void {
  withJson(
    program
      .command('explain')
      .argument('<household-id>', 'household id (households.id)')
      .option('--lang <lang>', 'id, en or both', 'both')
      .option('--purpose <text>', 'why you look (written to the audit log)')
      .description('a household’s targeting decisions over time, in plain language (audited)'),
  ).action(
    action(async (ctx, id: string, options: { lang: string; purpose?: string }) => {
      const householdId = Number(id);
      if (!Number.isInteger(householdId) || householdId <= 0)
        throw new UserError(`invalid household id "${id}"`);
      if (!['id', 'en', 'both'].includes(options.lang))
        throw new UserError(`invalid --lang "${options.lang}": use id, en or both`);
      const database = await ctx.database();
      const history = await explainHousehold(database.db, householdId);
      await auditAccess(database, localOperator(ctx, { purpose: options.purpose }), {
        action: 'household.explain',
        subjectType: 'household',
        subjectId: householdId,
        details: { decisions: history.length },
      });
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
