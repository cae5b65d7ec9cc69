import type { Command } from 'commander';
import { auditAccess } from '../../audit/access-audit.js';
import { explainHousehold } from '../../policy/explain-service.js';
import { action, withJson } from '../command-runner.js';
import { userError } from '../lang.js';
import { localOperator } from '../local-operator.js';

export function registerExplainCommands(program: Command): void {
  withJson(
    program
      .command('explain')
      .argument('<household-id>', 'household id (households.id)')
      .option('--purpose <text>', 'why you look (written to the audit log)')
      .description(
        'a household’s targeting decisions over time, in plain language (audited; both languages unless --lang id or en is given)',
      ),
  ).action(
    action(async (ctx, id: string, options: { purpose?: string }) => {
      const householdId = Number(id);
      if (!Number.isInteger(householdId) || householdId <= 0)
        throw userError(`invalid household id "${id}"`, `id rumah tangga "${id}" tidak sah`);
      // The root's --lang, when given, chooses one language; otherwise both are printed.
      const only = ctx.explicitLang;
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
