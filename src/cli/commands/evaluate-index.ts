import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { isMissing } from '../../evaluation/design.js';
import {
  INDEX_METHODS,
  outcomeIndex,
  type IndexMethod,
  type OutcomeIndex,
} from '../../evaluation/outcome-index.js';
import { readCsvText, tableFromCsv } from '../../linkage/io/csv-file.js';
import { say, UserError } from '../../shared/errors.js';
import { csvLine } from '../../shared/spreadsheet-export.js';
import { action, withJson } from '../command-runner.js';
import { t } from '../lang.js';
import { choice } from './evaluate-did.js';

interface IndexOptions {
  data: string;
  outcomes: string;
  treat: string;
  controlValue: string;
  method: string;
  id?: string;
  out?: string;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export function registerIndexCommand(evaluate: Command): void {
  withJson(
    evaluate
      .command('index')
      .requiredOption('--data <file>', 'CSV file with a header row')
      .requiredOption('--outcomes <columns>', 'comma-separated outcome columns (two or more)')
      .requiredOption('--treat <column>', 'arm column; rows with --control-value form the control group')
      .option('--control-value <value>', 'value of the treatment column in the control group', '0')
      .option('--method <name>', `${INDEX_METHODS.join(' or ')}`, 'anderson')
      .option('--id <column>', 'column copied to --out beside the index (row numbers otherwise)')
      .option('--out <file>', 'write a CSV with the index of every row')
      .description('outcome index z-scored on the control group (Anderson 2008 or Kling–Liebman–Katz)'),
  ).action(
    action((_ctx, options: IndexOptions) => {
      const table = tableFromCsv(readCsvText(options.data), options.data, null);
      const column = (name: string) => {
        const values = table.columns.get(name.trim().toLowerCase());
        if (!values)
          throw new UserError(
            say(
              `${table.source}: no column "${name}"; found: ${table.headers.join(', ')}`,
              `${table.source}: tidak ada kolom "${name}"; yang ada: ${table.headers.join(', ')}`,
            ),
            'missing_column',
          );
        return values;
      };
      const arms = column(options.treat);
      const outcomes = options.outcomes.split(',').map((name) => ({
        name: name.trim(),
        values: column(name).map((v, r) => {
          if (isMissing(v)) return null;
          if (!NUMBER.test(v!))
            throw new UserError(
              say(
                `${table.source}: row ${r + 2}: column "${name.trim()}" is not a number ("${v}")`,
                `${table.source}: baris ${r + 2}: kolom "${name.trim()}" bukan angka ("${v}")`,
              ),
              'not_a_number',
            );
          return Number(v);
        }),
      }));
      const result = outcomeIndex(
        outcomes,
        arms.map((a) => a === options.controlValue),
        choice(options.method, '--method', INDEX_METHODS as IndexMethod[]),
      );
      if (options.out) {
        const ids = options.id ? column(options.id) : null;
        const lines = [csvLine([options.id ?? 'row', `index_${result.method}`])];
        result.index.forEach((v, r) => lines.push(csvLine([ids ? ids[r] : r + 2, v])));
        writeFileSync(options.out, lines.join(''));
      }
      const { index: _index, ...summary } = result;
      return Promise.resolve({ json: { ...summary, out: options.out ?? null }, text: describeIndex(result) });
    }),
  );
}

function describeIndex(r: OutcomeIndex): string {
  const f = (v: number | null) => (v === null ? '-' : v.toFixed(4));
  return [
    t(
      say(
        `${r.method} index over ${r.rows} rows (${r.control_rows} control, ${r.missing} without any outcome): treated mean ${f(r.treated_mean)}, control mean ${f(r.control_mean)} (control SD units)`,
        `indeks ${r.method} atas ${r.rows} baris (${r.control_rows} kontrol, ${r.missing} tanpa hasil): rata-rata perlakuan ${f(r.treated_mean)}, rata-rata kontrol ${f(r.control_mean)} (satuan SD kontrol)`,
      ),
    ),
    ...r.outcomes.map(
      (o) =>
        `  ${o.name}: ${t(say('control mean', 'rata-rata kontrol'))} ${f(o.control_mean)}, SD ${f(o.control_sd)}, ${t(say('weight', 'bobot'))} ${f(o.weight)}`,
    ),
  ].join('\n');
}
