import type { Command } from 'commander';
import { exportTable } from '../../reports/targeting-export.js';
import { targetingReport, unmatchedRecipients } from '../../reports/targeting-report.js';
import { UserError } from '../../shared/errors.js';
import { action, withJson } from '../command-runner.js';
import { regionOption } from './policy.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function registerTargetingReportCommands(program: Command): void {
  const report =
    program.commands.find((c) => c.name() === 'report') ?? program.command('report').description('reports');
  withJson(
    report
      .command('targeting')
      .option('--program <code>', 'one program, e.g. PKH (default: all with recipients)')
      .option('--region <code>', 'only this region (any level); regions are broken down one level below it')
      .option('--export <file>', 'write the by-region table to a .csv or .xlsx file')
      .option(
        '--unmatched <file>',
        'write recipients that match no DTSEN household to a .csv or .xlsx file (NIK masked)',
      )
      .description('recipients by decile, inclusion and exclusion errors by region, unmatched recipients'),
  ).action(
    action(
      async (ctx, options: { program?: string; region?: string; export?: string; unmatched?: string }) => {
        const db = (await ctx.database()).db;
        const region = regionOption(options.region);
        const program = options.program?.toUpperCase();
        const result = await targetingReport(db, { program, region });
        if (options.export) {
          const rows = result.programs.flatMap((p) =>
            p.by_region.map((r) => [
              p.program,
              p.period,
              r.region,
              r.name,
              r.recipient_households,
              r.outside_eligible,
              r.inclusion_error,
              r.eligible_households,
              r.eligible_reached,
              r.exclusion_error,
              r.unmatched_recipients,
            ]),
          );
          await exportTable(
            options.export,
            [
              'program',
              'period',
              'region',
              'name',
              'recipient_households',
              'outside_eligible',
              'inclusion_error',
              'eligible_households',
              'eligible_reached',
              'exclusion_error',
              'unmatched_recipients',
            ],
            rows,
            'targeting',
          );
        }
        let unmatchedCount: number | null = null;
        if (options.unmatched) {
          const list = await unmatchedRecipients(db, { program, region });
          unmatchedCount = await exportTable(
            options.unmatched,
            ['program', 'period', 'nik_masked', 'name', 'village_code'],
            list.map((u) => [u.program, u.period, u.nik_masked, u.name, u.village_code]),
            'unmatched',
          );
        }
        if (result.programs.length === 0 && program)
          throw new UserError(`program ${program} has no recipients loaded`);
        const text = result.programs
          .map((p) =>
            [
              `${p.program} ${p.period} (desil ${p.eligible_deciles.join(',')}): ${p.recipients} recipients, ${p.unmatched_recipients} unmatched, ${p.recipient_households} households`,
              `  by decile: ${Object.entries(p.by_decile)
                .map(([d, n]) => `${d}:${n}`)
                .join(' ')}`,
              `  inclusion error ${pct(p.inclusion_error)}, exclusion error ${pct(p.exclusion_error)} (${p.eligible_reached}/${p.eligible_households} eligible reached)`,
              ...p.by_region.map(
                (r) =>
                  `  ${r.region.padEnd(13)} ${(r.name ?? '').padEnd(24).slice(0, 24)} incl ${pct(r.inclusion_error).padStart(6)} excl ${pct(r.exclusion_error).padStart(6)} unmatched ${r.unmatched_recipients}`,
              ),
            ].join('\n'),
          )
          .join('\n');
        return {
          json: { ...result, exported: options.export ?? null, unmatched_exported: unmatchedCount },
          text: text || 'no program has recipients loaded',
        };
      },
    ),
  );
}
