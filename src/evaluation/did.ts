/**
 * Two-group, two-period difference-in-differences: `y ~ treat + post + treat:post [+ controls]`, the effect being
 * the `treat:post` coefficient, with cluster-robust (CR1) standard errors by default and, when clusters are few,
 * a wild cluster bootstrap p-value for the effect. A thin composition of regress() and the bootstrap.
 */
import { say, UserError } from '../shared/errors.js';
import { buildDesign, type TextTable } from './design.js';
import { parseFormula } from './formula.js';
import { fitOls, type Coefficient, type SeType } from './ols.js';
import { wildClusterBootstrap, type WildBootstrapResult, type WildWeights } from './wild-bootstrap.js';

export interface DidOptions {
  outcome: string;
  /** 0/1 column: 1 in the treated group. */
  treat: string;
  /** 0/1 column: 1 after the programme started. */
  post: string;
  cluster?: string;
  /** Extra right-hand-side terms in formula syntax, e.g. `x + factor(region)`. */
  controls?: string;
  se?: SeType;
  wildBootstrap?: { draws: number; weights: WildWeights; seed: string | number };
}

export interface DidResult {
  formula: string;
  n: number;
  dropped: number;
  clusters: number | null;
  se_type: SeType;
  df: number;
  effect: Coefficient;
  /** Fitted means of the four cells (without controls these are the sample means). */
  cells: { control_pre: number; control_post: number; treated_pre: number; treated_post: number } | null;
  wild_bootstrap: WildBootstrapResult | null;
}

export function differenceInDifferences(table: TextTable, options: DidOptions): DidResult {
  const { outcome, treat, post, cluster } = options;
  const interaction = `${treat}:${post}`;
  const formula = `${outcome} ~ ${treat} + ${post} + ${interaction}${options.controls ? ` + ${options.controls}` : ''}`;
  const se = options.se ?? (cluster ? 'cr1' : 'hc1');
  if (se === 'cr1' && !cluster)
    throw new UserError(
      say('CR1 standard errors need --cluster COLUMN', 'galat baku CR1 memerlukan --cluster KOLOM'),
      'bad_option',
    );
  if (options.wildBootstrap && !cluster)
    throw new UserError(
      say(
        'the wild cluster bootstrap needs --cluster COLUMN',
        'bootstrap klaster liar memerlukan --cluster KOLOM',
      ),
      'bad_option',
    );
  const design = buildDesign(table, parseFormula(formula), { cluster });
  for (const name of [treat, post]) {
    const j = design.names.indexOf(name);
    const column = design.x.getColumn(j);
    if (column.some((v) => v !== 0 && v !== 1))
      throw new UserError(
        say(
          `${table.source}: column "${name}" must hold 0 or 1 in every row used`,
          `${table.source}: kolom "${name}" harus berisi 0 atau 1 pada setiap baris yang dipakai`,
        ),
        'not_binary',
      );
  }
  const fit = fitOls(design, se);
  const coefficient = (term: string) => fit.coefficients.find((c) => c.term === term)!;
  const effect = coefficient(interaction);
  let cells: DidResult['cells'] = null;
  if (!options.controls && design.names[0] === '(Intercept)') {
    const b0 = coefficient('(Intercept)').estimate;
    const bt = coefficient(treat).estimate;
    const bp = coefficient(post).estimate;
    cells = {
      control_pre: b0,
      control_post: b0 + bp,
      treated_pre: b0 + bt,
      treated_post: b0 + bt + bp + effect.estimate,
    };
  }
  return {
    formula,
    n: fit.n,
    dropped: fit.dropped,
    clusters: fit.clusters,
    se_type: se,
    df: fit.df,
    effect,
    cells,
    wild_bootstrap: options.wildBootstrap
      ? wildClusterBootstrap(design, { term: interaction, ...options.wildBootstrap })
      : null,
  };
}
