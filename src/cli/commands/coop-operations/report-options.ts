import type { Command } from 'commander';
import type { ReportLang } from '../../../cooperatives/reports/report-tables.js';
import { lang, userError } from '../../lang.js';
import { integerOption } from '../../option-values.js';

/** The options `report` and `rat-report` share: the cooperative, the file, the book year, language, SHU split. */
export interface ReportCommon {
  coop: string;
  out: string;
  year?: string;
  reportLang?: string;
  reserve?: string;
  jasaUsaha?: string;
  jasaModal?: string;
}

/** Adds the shared report options to a command. */
export const reportCommon = (c: Command) =>
  c
    .requiredOption('--coop <id>', 'cooperative id')
    .requiredOption('--out <file>', 'file to write')
    .option('--year <yyyy>', 'book year, default last year')
    .option('--report-lang <id|en>', 'language of the report, default the CLI language (--lang)')
    .option('--reserve <percent>', 'SHU split set by the RAT: cadangan')
    .option('--jasa-usaha <percent>', 'SHU split: jasa usaha')
    .option('--jasa-modal <percent>', 'SHU split: jasa modal');

const shuOf = (o: { reserve?: string; jasaUsaha?: string; jasaModal?: string }) =>
  o.reserve !== undefined && o.jasaUsaha !== undefined && o.jasaModal !== undefined
    ? { reserve: o.reserve, jasaUsaha: o.jasaUsaha, jasaModal: o.jasaModal, others: [] }
    : undefined;

const reportLang = (value: string | undefined): ReportLang => {
  const v = value ?? lang();
  if (v !== 'id' && v !== 'en')
    throw userError(
      `--report-lang must be id or en, got "${v}"`,
      `--report-lang harus id atau en, diberikan "${v}"`,
    );
  return v;
};

/** The report options from the command line (year default: last year). */
export const reportOptionsOf = (o: ReportCommon) => ({
  year: o.year === undefined ? new Date().getUTCFullYear() - 1 : integerOption('--year', o.year),
  lang: reportLang(o.reportLang),
  shu: shuOf(o),
});
