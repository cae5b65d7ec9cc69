import type { Command } from 'commander';
import { panelFromTable } from '../../evaluation/panel-table.js';
import {
  callawaySantAnna,
  CONTROL_GROUPS,
  MULTIPLIER_WEIGHTS,
  type ControlGroup,
  type Estimate,
  type MultiplierWeights,
  type StaggeredResult,
} from '../../evaluation/staggered.js';
import { readCsvText, tableFromCsv } from '../../linkage/io/csv-file.js';
import { say } from '../../shared/errors.js';
import { action, withJson } from '../command-runner.js';
import { t } from '../lang.js';
import { choice, wholeNumber } from './evaluate-did.js';

interface StaggeredOptions {
  data: string;
  unit: string;
  time: string;
  group: string;
  outcome: string;
  control: string;
  bootstrap?: string;
  bootstrapWeights: string;
  seed: string;
}

export function registerStaggeredCommand(evaluate: Command): void {
  withJson(
    evaluate
      .command('staggered')
      .requiredOption('--data <file>', 'CSV file, one row per unit and period (balanced panel)')
      .requiredOption('--unit <column>', 'unit id column')
      .requiredOption('--time <column>', 'period column (whole numbers, e.g. year or wave)')
      .requiredOption('--group <column>', 'first treated period; 0 or empty = never treated')
      .requiredOption('--outcome <column>', 'outcome column')
      .option('--control <group>', `comparison units: ${CONTROL_GROUPS.join(', ')}`, 'never')
      .option('--bootstrap <draws>', 'multiplier bootstrap SEs and uniform bands with this many draws')
      .option('--bootstrap-weights <type>', `multipliers: ${MULTIPLIER_WEIGHTS.join(', ')}`, 'mammen')
      .option('--seed <seed>', 'seed of the bootstrap draws', '1')
      .description("staggered adoption: Callaway–Sant'Anna ATT(g,t) and aggregations (docs/EVALUATION.md)"),
  ).action(
    action((_ctx, options: StaggeredOptions) => {
      const table = tableFromCsv(readCsvText(options.data), options.data, null);
      const panel = panelFromTable(table, {
        unit: options.unit,
        time: options.time,
        group: options.group,
        outcome: options.outcome,
      });
      const result = callawaySantAnna(panel, {
        control: choice(options.control, '--control', CONTROL_GROUPS as ControlGroup[]),
        bootstrap:
          options.bootstrap === undefined
            ? undefined
            : {
                draws: wholeNumber(options.bootstrap, '--bootstrap', 99),
                weights: choice(
                  options.bootstrapWeights,
                  '--bootstrap-weights',
                  MULTIPLIER_WEIGHTS as MultiplierWeights[],
                ),
                seed: options.seed,
              },
      });
      return Promise.resolve({ json: result, text: describeStaggered(result) });
    }),
  );
}

const f4 = (v: number) => v.toFixed(4);
const line = (label: string, e: Estimate) =>
  `${label.padEnd(22)} ${f4(e.att).padStart(9)} ${f4(e.se).padStart(8)}   [${f4(e.ci_low)}, ${f4(e.ci_high)}]`;

function describeStaggered(r: StaggeredResult): string {
  const groups = r.groups.map((g) => `${g.group}: ${g.units}`).join(', ');
  const lines = [
    t(
      say(
        `${r.units} units (${r.dropped_units} treated in the first period left out), ${r.never_treated} never treated; groups ${groups}; controls: ${r.control}; SE ${r.se_method}`,
        `${r.units} unit (${r.dropped_units} yang diperlakukan pada periode pertama dikeluarkan), ${r.never_treated} tidak pernah diperlakukan; kelompok ${groups}; kontrol: ${r.control}; galat baku ${r.se_method}`,
      ),
    ),
    `${'ATT'.padEnd(22)} ${'estimate'.padStart(9)} ${'se'.padStart(8)}   95% CI`,
    ...r.cells.map((c) => line(`ATT(${c.group},${c.time})`, c)),
    line(t(say('simple', 'sederhana')), r.simple),
    ...r.dynamic.map((d) => line(`e = ${d.e}`, d)),
    line(t(say('dynamic (e ≥ 0)', 'dinamis (e ≥ 0)')), r.dynamic_overall),
    ...r.group.map((g) => line(t(say(`group ${g.group}`, `kelompok ${g.group}`)), g)),
    line(t(say('by group', 'per kelompok')), r.group_overall),
    ...r.calendar.map((c) => line(t(say(`period ${c.time}`, `periode ${c.time}`)), c)),
    line(t(say('by period', 'per periode')), r.calendar_overall),
  ];
  if (r.bootstrap)
    lines.push(
      t(
        say(
          `uniform 95% critical values: cells ${r.bootstrap.cells_critical.toFixed(3)}, event times ${r.bootstrap.dynamic_critical.toFixed(3)} (${r.bootstrap.draws} ${r.bootstrap.weights} draws, seed ${r.bootstrap.seed})`,
          `nilai kritis seragam 95%: sel ${r.bootstrap.cells_critical.toFixed(3)}, waktu peristiwa ${r.bootstrap.dynamic_critical.toFixed(3)} (${r.bootstrap.draws} tarikan ${r.bootstrap.weights}, benih ${r.bootstrap.seed})`,
        ),
      ),
    );
  return lines.join('\n');
}
