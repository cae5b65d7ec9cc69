import type { Command } from 'commander';
import { differenceInDifferences, type DidResult } from '../../evaluation/did.js';
import type { SeType } from '../../evaluation/ols.js';
import { SE_TYPES } from '../../evaluation/regress.js';
import { WILD_WEIGHTS, type WildWeights } from '../../evaluation/wild-bootstrap.js';
import { readCsvText, tableFromCsv } from '../../linkage/io/csv-file.js';
import { say, UserError } from '../../shared/errors.js';
import { action, withJson } from '../command-runner.js';
import { t } from '../lang.js';

interface DidOptions {
  data: string;
  outcome: string;
  treat: string;
  post: string;
  cluster?: string;
  controls?: string;
  se?: string;
  wildBootstrap?: string;
  bootstrapWeights: string;
  seed: string;
}

/** A whole number option of at least `min` (commander hands strings). */
export function wholeNumber(text: string, option: string, min: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min)
    throw new UserError(
      say(
        `${option} must be a whole number of at least ${min}, got "${text}"`,
        `${option} harus bilangan bulat minimal ${min}, bukan "${text}"`,
      ),
      'bad_option',
    );
  return value;
}

export function choice<T extends string>(text: string, option: string, allowed: readonly T[]): T {
  if (!allowed.includes(text as T))
    throw new UserError(
      say(
        `${option}: "${text}" is not one of ${allowed.join(', ')}`,
        `${option}: "${text}" bukan salah satu dari ${allowed.join(', ')}`,
      ),
      'bad_option',
    );
  return text as T;
}

export function registerDidCommand(evaluate: Command): void {
  withJson(
    evaluate
      .command('did')
      .requiredOption('--data <file>', 'CSV file with a header row (one row per unit and period)')
      .requiredOption('--outcome <column>', 'outcome column')
      .requiredOption('--treat <column>', '0/1 column: 1 in the treated group')
      .requiredOption('--post <column>', '0/1 column: 1 after the programme started')
      .option('--cluster <column>', 'cluster column (CR1 standard errors; the unit of assignment)')
      .option('--controls <terms>', 'extra terms in formula syntax, e.g. "x + factor(region)"')
      .option('--se <type>', `standard errors: ${SE_TYPES.join(', ')} (default cr1 with --cluster, else hc1)`)
      .option('--wild-bootstrap <draws>', 'wild cluster bootstrap p-value with this many draws (e.g. 9999)')
      .option('--bootstrap-weights <type>', `wild bootstrap weights: ${WILD_WEIGHTS.join(', ')}`, 'webb')
      .option('--seed <seed>', 'seed of the bootstrap draws', '1')
      .description('two-period difference-in-differences with cluster-robust SEs and wild cluster bootstrap'),
  ).action(
    action((_ctx, options: DidOptions) => {
      const table = tableFromCsv(readCsvText(options.data), options.data, null);
      const result = differenceInDifferences(table, {
        outcome: options.outcome,
        treat: options.treat,
        post: options.post,
        cluster: options.cluster,
        controls: options.controls,
        se: options.se === undefined ? undefined : choice(options.se, '--se', SE_TYPES as SeType[]),
        wildBootstrap:
          options.wildBootstrap === undefined
            ? undefined
            : {
                draws: wholeNumber(options.wildBootstrap, '--wild-bootstrap', 99),
                weights: choice(
                  options.bootstrapWeights,
                  '--bootstrap-weights',
                  WILD_WEIGHTS as WildWeights[],
                ),
                seed: options.seed,
              },
      });
      return Promise.resolve({ json: result, text: describeDid(result) });
    }),
  );
}

const f4 = (v: number) => v.toFixed(4);
const pText = (p: number) => (p < 0.0001 ? '<0.0001' : p.toFixed(4));

function describeDid(r: DidResult): string {
  const e = r.effect;
  const lines = [
    t(
      say(
        `difference-in-differences (${r.formula}); n = ${r.n}, ${r.dropped} rows dropped for missing values${r.clusters === null ? '' : `, ${r.clusters} clusters`}`,
        `selisih-dalam-selisih (${r.formula}); n = ${r.n}, ${r.dropped} baris dibuang karena nilai kosong${r.clusters === null ? '' : `, ${r.clusters} klaster`}`,
      ),
    ),
  ];
  if (r.cells) {
    const c = r.cells;
    lines.push(
      t(
        say(
          `means: control ${f4(c.control_pre)} → ${f4(c.control_post)}; treated ${f4(c.treated_pre)} → ${f4(c.treated_post)}`,
          `rata-rata: kontrol ${f4(c.control_pre)} → ${f4(c.control_post)}; perlakuan ${f4(c.treated_pre)} → ${f4(c.treated_post)}`,
        ),
      ),
    );
  }
  lines.push(
    t(
      say(
        `effect ${f4(e.estimate)} (${r.se_type} SE ${f4(e.se)}, t ${e.t.toFixed(2)} on ${r.df} df, p ${pText(e.p)}), 95% CI [${f4(e.ci_low)}, ${f4(e.ci_high)}]`,
        `efek ${f4(e.estimate)} (galat baku ${r.se_type} ${f4(e.se)}, t ${e.t.toFixed(2)} dengan ${r.df} db, p ${pText(e.p)}), SK 95% [${f4(e.ci_low)}, ${f4(e.ci_high)}]`,
      ),
    ),
  );
  const w = r.wild_bootstrap;
  if (w)
    lines.push(
      t(
        say(
          `wild cluster bootstrap (${w.weights}, ${w.draws} ${w.enumerated ? 'sign patterns, all enumerated' : `draws, seed ${w.seed}`}): p ${pText(w.p)}`,
          `bootstrap klaster liar (${w.weights}, ${w.draws} ${w.enumerated ? 'pola tanda, semua dihitung' : `tarikan, benih ${w.seed}`}): p ${pText(w.p)}`,
        ),
      ),
    );
  return lines.join('\n');
}
