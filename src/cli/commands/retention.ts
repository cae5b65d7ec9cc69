import type { Command } from 'commander';
import {
  retentionPeriods,
  runRetention,
  setRetentionPeriod,
  type RetentionOutcome,
} from '../../privacy/retention-service.js';
import { RETENTION_CATEGORIES, RETENTION_RULES } from '../../privacy/retention-rules.js';
import { placeLegalHold, releaseLegalHold } from '../../privacy/legal-hold-service.js';
import { action, withJson } from '../command-runner.js';
import { tr, userError } from '../lang.js';
import { localOperator } from '../local-operator.js';

const never = () => tr('never', 'selamanya');
const daysText = (days: number) => tr(`${days} days`, `${days} hari`);

const line = (o: RetentionOutcome) =>
  `${o.category.padEnd(20)} ${(o.days === null ? never() : daysText(o.days)).padEnd(10)} ${o.action.padEnd(9)} ` +
  tr(
    `due ${o.due}, held ${o.held}, applied ${o.applied}`,
    `jatuh tempo ${o.due}, ditahan ${o.held}, diterapkan ${o.applied}`,
  );

function positive(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw userError(
      `invalid ${what} "${value}": expected a whole number ≥ 1`,
      `${what} "${value}" tidak sah: harus bilangan bulat ≥ 1`,
    );
  return n;
}

export function registerRetentionCommands(program: Command): void {
  const retention = program
    .command('retention')
    .description('retention periods per data category, legal holds, and the run that applies them (audited)');

  withJson(retention.command('rules').description('each category: period, action, and why')).action(
    action(async (ctx) => {
      const periods = await retentionPeriods((await ctx.database()).db);
      const json = RETENTION_RULES.map((r) => ({
        category: r.category,
        action: r.action,
        days: periods.get(r.category)!.days,
        source: periods.get(r.category)!.source,
        description: r.description,
      }));
      const text = json
        .map(
          (r) =>
            `${r.category.padEnd(20)} ${r.days === null ? never() : `${daysText(r.days)} (${r.source})`}  ${r.action}: ${r.description}`,
        )
        .join('\n');
      return { json, text };
    }),
  );

  withJson(
    retention
      .command('set')
      .description('change the period of one category')
      .argument('<category>', RETENTION_CATEGORIES.join(', '))
      .requiredOption('--days <n>', 'period in days'),
  ).action(
    action(async (ctx, category: string, options: { days: string }) => {
      const days = positive(options.days, '--days');
      await setRetentionPeriod(await ctx.database(), category, days, localOperator(ctx));
      return { json: { category, days }, text: `${category}: ${daysText(days)}` };
    }),
  );

  withJson(
    retention
      .command('run')
      .description('apply every rule: delete or anonymise what is past its period (--dry-run only counts)')
      .option('--dry-run', 'report what would be removed, change nothing'),
  ).action(
    action(async (ctx, options: { dryRun?: boolean }) => {
      const report = await runRetention(await ctx.database(), {
        dryRun: options.dryRun === true,
        actor: localOperator(ctx),
      });
      return {
        json: report,
        text: [
          report.dry_run
            ? tr(`retention dry run as of ${report.as_of}`, `uji coba retensi per ${report.as_of}`)
            : tr(`retention run as of ${report.as_of}`, `retensi dijalankan per ${report.as_of}`),
          ...report.rules.map(line),
        ].join('\n'),
      };
    }),
  );

  withJson(
    retention
      .command('hold')
      .description('place a legal hold on a household: retention will not anonymise it until released')
      .requiredOption('--household <id>', 'household id')
      .requiredOption('--reason <text>', 'why (case number, audit, dispute)'),
  ).action(
    action(async (ctx, options: { household: string; reason: string }) => {
      const householdId = positive(options.household, '--household');
      const id = await placeLegalHold(await ctx.database(), localOperator(ctx), householdId, options.reason);
      return {
        json: { id, household_id: householdId },
        text: tr(
          `legal hold ${id} on household ${householdId}`,
          `penahanan hukum ${id} atas rumah tangga ${householdId}`,
        ),
      };
    }),
  );

  withJson(
    retention.command('release').description('release a legal hold').argument('<id>', 'legal hold id'),
  ).action(
    action(async (ctx, id: string) => {
      const holdId = positive(id, 'legal hold id');
      await releaseLegalHold(await ctx.database(), localOperator(ctx), holdId);
      return {
        json: { id: holdId, released: true },
        text: tr(`released legal hold ${holdId}`, `penahanan hukum ${holdId} dilepas`),
      };
    }),
  );
}
