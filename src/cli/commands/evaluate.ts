import type { Command } from 'commander';
import { regress, SE_TYPES } from '../../evaluation/regress.js';
import type { OlsResult, SeType } from '../../evaluation/ols.js';
import { readCsvText, tableFromCsv } from '../../linkage/io/csv-file.js';
import { action, withJson } from '../command-runner.js';
import { registerDidCommand } from './evaluate-did.js';
import { registerIndexCommand } from './evaluate-index.js';
import { registerPilotEvaluationCommand } from './evaluate-pilot.js';
import { registerRiCommand } from './evaluate-ri.js';
import { registerStaggeredCommand } from './evaluate-staggered.js';

interface OlsOptions {
  data: string;
  formula: string;
  se?: string;
  cluster?: string;
  weights?: string;
}

export function registerEvaluateCommands(program: Command): void {
  const evaluate = program
    .command('evaluate')
    .description('impact estimation: regressions with correct standard errors (docs/EVALUATION.md)');

  withJson(
    evaluate
      .command('ols')
      .requiredOption('--data <file>', 'CSV file with a header row')
      .requiredOption('--formula <formula>', 'model, e.g. "y ~ treat + factor(village)" or "fte ~ nj * d"')
      .option(
        '--se <type>',
        `standard errors: ${SE_TYPES.join(', ')} (default cr1 with --cluster, else classical)`,
      )
      .option('--cluster <column>', 'cluster column for CR1 standard errors')
      .option('--weights <column>', 'column of positive (analytic) weights for weighted least squares')
      .description('least squares with classical, HC1 or CR1 (clustered) standard errors'),
  ).action(
    action((_ctx, options: OlsOptions) => {
      const table = tableFromCsv(readCsvText(options.data), options.data, null);
      const result = regress(table, options.formula, {
        se: options.se as SeType | undefined,
        cluster: options.cluster,
        weights: options.weights,
      });
      return Promise.resolve({ json: result, text: describeResult(result) });
    }),
  );
  registerDidCommand(evaluate);
  registerStaggeredCommand(evaluate);
  registerRiCommand(evaluate);
  registerIndexCommand(evaluate);
  registerPilotEvaluationCommand(evaluate);
}

const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

function describeResult(result: OlsResult): string {
  const header = ['term', 'estimate', 'se', 't', 'p', '95% CI'];
  const rows = result.coefficients.map((c) => [
    c.term,
    fixed(c.estimate, 4),
    fixed(c.se, 4),
    fixed(c.t, 2),
    c.p < 0.0001 ? '<0.0001' : fixed(c.p, 4),
    `[${fixed(c.ci_low, 4)}, ${fixed(c.ci_high, 4)}]`,
  ]);
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ');
  const clusters = result.clusters === null ? '' : `, ${result.clusters} clusters`;
  return [
    `n = ${result.n} (${result.dropped} rows dropped for missing values)${clusters}; ${result.se_type} standard errors, t on ${result.df} df`,
    line(header),
    ...rows.map(line),
  ].join('\n');
}
