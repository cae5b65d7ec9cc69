import type { Command } from 'commander';
import { appendAudit } from '../../audit/audit-log.js';
import {
  retentionPeriods,
  runRetention,
  setRetentionPeriod,
  type RetentionOutcome,
} from '../../privacy/retention-service.js';
import { RETENTION_CATEGORIES, RETENTION_RULES } from '../../privacy/retention-rules.js';
import { NotFoundError, say } from '../../shared/errors.js';
import { action, withJson } from '../command-runner.js';
import { tr, userError } from '../lang.js';

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
      await setRetentionPeriod(await ctx.database(), category, days, ctx.actor);
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
        actor: ctx.actor,
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
      const database = await ctx.database();
      const hold = await database.transaction(async (tx) => {
        const exists = await tx.db
          .selectFrom('households')
          .select('id')
          .where('id', '=', householdId)
          .executeTakeFirst();
        if (!exists)
          throw new NotFoundError(
            say(`household ${householdId} not found`, `rumah tangga ${householdId} tidak ditemukan`),
          );
        const row = await tx.db
          .insertInto('legal_holds')
          .values({ household_id: householdId, reason: options.reason, placed_by: ctx.actor })
          .returning(['id'])
          .executeTakeFirstOrThrow();
        await appendAudit(tx, {
          actor: ctx.actor,
          action: 'legal_hold.place',
          subjectType: 'household',
          subjectId: householdId,
          details: { hold_id: row.id, reason: options.reason },
        });
        return row;
      });
      return {
        json: { id: hold.id, household_id: householdId },
        text: tr(
          `legal hold ${hold.id} on household ${householdId}`,
          `penahanan hukum ${hold.id} atas rumah tangga ${householdId}`,
        ),
      };
    }),
  );

  withJson(
    retention.command('release').description('release a legal hold').argument('<id>', 'legal hold id'),
  ).action(
    action(async (ctx, id: string) => {
      const holdId = positive(id, 'legal hold id');
      const database = await ctx.database();
      await database.transaction(async (tx) => {
        const result = await tx.db
          .updateTable('legal_holds')
          .set({ released_at: new Date(), released_by: ctx.actor })
          .where('id', '=', holdId)
          .where('released_at', 'is', null)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0)
          throw new NotFoundError(
            say(`no active legal hold ${holdId}`, `tidak ada penahanan hukum aktif ${holdId}`),
          );
        await appendAudit(tx, {
          actor: ctx.actor,
          action: 'legal_hold.release',
          subjectType: 'legal_hold',
          subjectId: holdId,
        });
      });
      return {
        json: { id: holdId, released: true },
        text: tr(`released legal hold ${holdId}`, `penahanan hukum ${holdId} dilepas`),
      };
    }),
  );
}
