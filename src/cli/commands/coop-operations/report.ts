import fs from 'node:fs';
import type { Command } from 'commander';
import { reportFile } from '../../../cooperatives/coop-report-export.js';
import { REPORT_KINDS, type ReportKind } from '../../../cooperatives/reports/report-tables.js';
import { action, withJson } from '../../command-runner.js';
import { auditCoopRead, coopBooks } from '../../coop-audit.js';
import { tr, userError } from '../../lang.js';
import { reportCommon, reportOptionsOf, type ReportCommon } from './report-options.js';

/** `entas coop report`: one report as CSV or XLSX (audited; docs/FINANCE.md "Reports"). */
export function registerReportCommand(coop: Command): void {
  withJson(
    reportCommon(
      coop
        .command('report')
        .description(
          'one report as CSV or XLSX: members, savings, loans (with PAR), balance-sheet, shu (audited)',
        )
        .requiredOption('--kind <kind>', REPORT_KINDS.join(' | '))
        .option('--format <csv|xlsx>', 'default: from the --out extension'),
    ),
  ).action(
    action(async (ctx, o: ReportCommon & { kind: string; format?: string }) => {
      if (!(REPORT_KINDS as readonly string[]).includes(o.kind))
        throw userError(
          `--kind must be one of ${REPORT_KINDS.join(', ')}, got "${o.kind}"`,
          `--kind harus salah satu dari ${REPORT_KINDS.join(', ')}, diberikan "${o.kind}"`,
        );
      const format = o.format ?? (o.out.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv');
      if (format !== 'csv' && format !== 'xlsx')
        throw userError(
          `--format must be csv or xlsx, got "${format}"`,
          `--format harus csv atau xlsx, diberikan "${format}"`,
        );
      const { database, books } = await coopBooks(ctx, o.coop);
      const file = await reportFile(database.db, books, o.kind as ReportKind, format, reportOptionsOf(o));
      fs.writeFileSync(o.out, file.body);
      await auditCoopRead(ctx, database, books, 'coop_report.export', {
        kind: o.kind,
        format,
        returned: file.table.rows.length,
      });
      return {
        json: { file: o.out, kind: o.kind, format, rows: file.table.rows.length, notes: file.table.notes },
        text: [file.table.title, ...file.table.notes, tr(`written to ${o.out}`, `ditulis ke ${o.out}`)].join(
          '\n',
        ),
      };
    }),
  );
}
