import type { Command } from 'commander';
import type { SeType } from '../../evaluation/ols.js';
import {
  randomizationInference,
  RI_STATISTICS,
  type RiResult,
  type RiStatistic,
} from '../../evaluation/randomization-inference.js';
import { SE_TYPES } from '../../evaluation/regress.js';
import { readCsvText, tableFromCsv } from '../../linkage/io/csv-file.js';
import { say } from '../../shared/errors.js';
import { action, withJson } from '../command-runner.js';
import { t } from '../lang.js';
import { choice, wholeNumber } from './evaluate-did.js';

interface RiOptions {
  data: string;
  formula: string;
  treat: string;
  cluster?: string;
  strata?: string;
  draws: string;
  seed: string;
  statistic: string;
  se?: string;
}

export function registerRiCommand(evaluate: Command): void {
  withJson(
    evaluate
      .command('ri')
      .requiredOption('--data <file>', 'CSV file with a header row')
      .requiredOption('--formula <formula>', 'model containing the treatment term, e.g. "y ~ treat + y0"')
      .requiredOption(
        '--treat <column>',
        'treatment column, re-assigned by permutation (and the term tested)',
      )
      .option('--cluster <column>', 'unit of assignment (treatment constant within it); rows when absent')
      .option('--strata <column>', 'permute within strata (as randomised)')
      .option('--draws <n>', 'permutations (every assignment when there are no more than this)', '999')
      .option('--seed <seed>', 'seed of the permutations', '1')
      .option('--statistic <name>', `${RI_STATISTICS.join(' or ')} of the treatment term`, 'coefficient')
      .option('--se <type>', `standard errors behind the t statistic: ${SE_TYPES.join(', ')}`)
      .description('randomisation inference: exact or permutation p-value of the treatment effect'),
  ).action(
    action((_ctx, options: RiOptions) => {
      const table = tableFromCsv(readCsvText(options.data), options.data, null);
      const result = randomizationInference(table, {
        formula: options.formula,
        treat: options.treat,
        cluster: options.cluster,
        strata: options.strata,
        draws: wholeNumber(options.draws, '--draws', 99),
        seed: options.seed,
        statistic: choice(options.statistic, '--statistic', RI_STATISTICS as RiStatistic[]),
        se: options.se === undefined ? undefined : choice(options.se, '--se', SE_TYPES as SeType[]),
      });
      return Promise.resolve({ json: result, text: describeRi(result) });
    }),
  );
}

function describeRi(r: RiResult): string {
  const how = r.enumerated
    ? say(`all ${r.draws} assignments`, `semua ${r.draws} penugasan`)
    : say(`${r.draws} random permutations, seed ${r.seed}`, `${r.draws} permutasi acak, benih ${r.seed}`);
  return t(
    say(
      `${r.term}: estimate ${r.estimate.toFixed(4)}; randomisation p ${r.p.toFixed(4)} (${r.statistic}, ${t(how)}; ${r.units} units of assignment in ${r.strata} strata)`,
      `${r.term}: estimasi ${r.estimate.toFixed(4)}; p pengacakan ${r.p.toFixed(4)} (${r.statistic}, ${t(how)}; ${r.units} unit penugasan dalam ${r.strata} strata)`,
    ),
  );
}
