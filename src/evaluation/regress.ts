/** One call from a text table and a formula string to estimates: parse, build the design, fit. */
import { say, UserError } from '../shared/errors.js';
import { buildDesign, type TextTable } from './design.js';
import { parseFormula } from './formula.js';
import { fitOls, type OlsResult, type SeType } from './ols.js';

export interface RegressOptions {
  /** Defaults to `cr1` with a cluster column, else `classical`. */
  se?: SeType;
  cluster?: string;
  weights?: string;
}

export const SE_TYPES: readonly SeType[] = ['classical', 'hc1', 'cr1'];

export function regress(table: TextTable, formula: string, options: RegressOptions = {}): OlsResult {
  const se = options.se ?? (options.cluster ? 'cr1' : 'classical');
  if (!SE_TYPES.includes(se))
    throw new UserError(
      say(
        `unknown standard-error type "${se}" (use ${SE_TYPES.join(', ')})`,
        `jenis galat baku "${se}" tidak dikenal (gunakan ${SE_TYPES.join(', ')})`,
      ),
      'bad_option',
    );
  if (se === 'cr1' && !options.cluster)
    throw new UserError(
      say('CR1 standard errors need --cluster COLUMN', 'galat baku CR1 memerlukan --cluster KOLOM'),
      'bad_option',
    );
  if (se !== 'cr1' && options.cluster)
    throw new UserError(
      say(
        `--cluster is only used with CR1 standard errors (--se cr1), not ${se}`,
        `--cluster hanya dipakai dengan galat baku CR1 (--se cr1), bukan ${se}`,
      ),
      'bad_option',
    );
  const design = buildDesign(table, parseFormula(formula), {
    weights: options.weights,
    cluster: options.cluster,
  });
  return fitOls(design, se);
}
