import fs from 'node:fs';
import type { Command } from 'commander';
import { ratReportPdf } from '../../../cooperatives/coop-report-export.js';
import { action, withJson } from '../../command-runner.js';
import { auditCoopRead, coopBooks } from '../../coop-audit.js';
import { tr } from '../../lang.js';
import { reportCommon, reportOptionsOf, type ReportCommon } from './report-options.js';

/** `entas coop rat-report`: the RAT report as PDF (audited; docs/FINANCE.md "Reports"). */
export function registerRatReportCommand(coop: Command): void {
  withJson(
    reportCommon(
      coop
        .command('rat-report')
        .description(
          'the RAT report (PDF): members, savings, loans and PAR, balance sheet, SHU of the book year (audited)',
        ),
    ),
  ).action(
    action(async (ctx, o: ReportCommon) => {
      const { database, books } = await coopBooks(ctx, o.coop);
      const options = reportOptionsOf(o);
      const pdf = await ratReportPdf(database.db, books, { ...options, generatedAt: new Date() });
      fs.writeFileSync(o.out, pdf.body);
      await auditCoopRead(ctx, database, books, 'coop_report.rat_pdf', {
        year: options.year,
        lang: options.lang,
      });
      return {
        json: { file: o.out, year: options.year, lang: options.lang, bytes: pdf.body.length },
        text: tr(
          `RAT report ${options.year} written to ${o.out}`,
          `laporan RAT ${options.year} ditulis ke ${o.out}`,
        ),
      };
    }),
  );
}
