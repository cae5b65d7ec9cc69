/**
 * Randomisation inference (Fisher's exact test of no effect for anyone): the treatment column is re-assigned as
 * the experiment could have assigned it — permuted across units of assignment (clusters, or rows), within
 * strata — and the model refitted each time. The p-value is the share of assignments whose statistic (the
 * coefficient on the treatment term, or its t) is at least as large in absolute value as the observed one.
 *
 * When the treatment is 0/1 and the assignments number no more than the draws asked for, every assignment is
 * enumerated (exact p, the observed one included). Otherwise `draws` random permutations are made from the seed and
 * p = (1 + #{|S*| ≥ |S|}) / (1 + draws), which is never 0 and is valid at any number of draws.
 */
import { say, UserError } from '../shared/errors.js';
import { createRng } from '../shared/random.js';
import { isMissing, type TextTable } from './design.js';
import type { SeType } from './ols.js';
import { regress } from './regress.js';

export type RiStatistic = 'coefficient' | 't';
export const RI_STATISTICS: readonly RiStatistic[] = ['coefficient', 't'];

export interface RiOptions {
  formula: string;
  /** Treatment column; also the term tested. */
  treat: string;
  /** Unit of assignment (treatment constant within it); rows when absent. */
  cluster?: string;
  strata?: string;
  draws: number;
  seed: string | number;
  statistic?: RiStatistic;
  /** Standard errors for the t statistic (regress() defaults). */
  se?: SeType;
}

export interface RiResult {
  term: string;
  statistic: RiStatistic;
  estimate: number;
  observed: number;
  p: number;
  draws: number;
  enumerated: boolean;
  units: number;
  strata: number;
  seed: string;
}

export function randomizationInference(table: TextTable, options: RiOptions): RiResult {
  const statistic = options.statistic ?? 'coefficient';
  if (!Number.isInteger(options.draws) || options.draws < 99)
    throw new UserError(
      say(
        `randomisation draws must be a whole number of at least 99, got ${options.draws}`,
        `jumlah tarikan pengacakan harus bilangan bulat minimal 99, bukan ${options.draws}`,
      ),
      'bad_option',
    );
  const column = (name: string) => {
    const values = table.columns.get(name.toLowerCase());
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
  const treat = column(options.treat);
  const clusterValues = options.cluster ? column(options.cluster) : null;
  const strataValues = options.strata ? column(options.strata) : null;

  // Units of assignment with their observed arm and stratum; both must be constant within a unit.
  const units = new Map<string, { arm: string; stratum: string; row: number }>();
  const unitOfRow: (string | null)[] = treat.map((arm, r) => {
    if (isMissing(arm)) return null;
    const id = clusterValues ? clusterValues[r] : String(r);
    if (isMissing(id)) return null;
    const stratum = strataValues ? (strataValues[r] ?? '') : '';
    const seen = units.get(id!);
    if (!seen) units.set(id!, { arm: arm!, stratum, row: r + 2 });
    else if (seen.arm !== arm || seen.stratum !== stratum)
      throw new UserError(
        say(
          `${table.source}: row ${r + 2}: ${seen.arm !== arm ? `"${options.treat}"` : `stratum "${options.strata}"`} differs from row ${seen.row} within the unit of assignment "${id}"`,
          `${table.source}: baris ${r + 2}: ${seen.arm !== arm ? `"${options.treat}"` : `strata "${options.strata}"`} berbeda dari baris ${seen.row} dalam unit penugasan "${id}"`,
        ),
        'assignment_not_constant',
      );
    return id!;
  });
  const strata = new Map<string, string[]>();
  for (const [id, u] of units) strata.set(u.stratum, [...(strata.get(u.stratum) ?? []), id]);
  const unitIds = [...units.keys()];

  const statisticOf = (assignment: Map<string, string>): number => {
    const permuted = unitOfRow.map((id, r) => (id === null ? treat[r]! : assignment.get(id)!));
    const columns = new Map(table.columns);
    columns.set(options.treat.toLowerCase(), permuted);
    const fit = regress({ ...table, columns }, options.formula, { se: options.se, cluster: options.cluster });
    const c = fit.coefficients.find((x) => x.term === options.treat);
    if (!c)
      throw new UserError(
        say(
          `the formula has no term "${options.treat}" (terms: ${fit.coefficients.map((x) => x.term).join(', ')})`,
          `formula tidak memiliki suku "${options.treat}" (suku: ${fit.coefficients.map((x) => x.term).join(', ')})`,
        ),
        'unknown_term',
      );
    return statistic === 't' ? c.t : c.estimate;
  };
  const observedAssignment = new Map(unitIds.map((id) => [id, units.get(id)!.arm]));
  const fit = regress(table, options.formula, { se: options.se, cluster: options.cluster });
  const estimate = fit.coefficients.find((x) => x.term === options.treat)?.estimate ?? NaN;
  const observed = statisticOf(observedAssignment);
  const threshold = Math.abs(observed) * (1 - 1e-12);

  const groups = [...strata.values()];
  const binary = [...units.values()].every((u) => u.arm === '0' || u.arm === '1');
  const treatedIn = groups.map((ids) => ids.filter((id) => units.get(id)!.arm === '1').length);
  const total = groups.reduce((s, ids, k) => s * choose(ids.length, treatedIn[k]!), 1);
  let exceed = 0;
  let draws: number;
  let enumerated = false;
  if (binary && total <= options.draws) {
    enumerated = true;
    draws = total;
    for (const chosen of product(groups.map((ids, k) => [...combinations(ids, treatedIn[k]!)]))) {
      const treated = new Set(chosen.flat());
      const assignment = new Map(unitIds.map((id) => [id, treated.has(id) ? '1' : '0']));
      if (Math.abs(statisticOf(assignment)) >= threshold) exceed++;
    }
  } else {
    draws = options.draws;
    const rng = createRng(`entas-randomization-inference/1:${options.seed}`);
    for (let d = 0; d < draws; d++) {
      const assignment = new Map<string, string>();
      for (const ids of groups) {
        const arms = rng.shuffle(ids.map((id) => units.get(id)!.arm));
        ids.forEach((id, k) => assignment.set(id, arms[k]!));
      }
      if (Math.abs(statisticOf(assignment)) >= threshold) exceed++;
    }
  }
  return {
    term: options.treat,
    statistic,
    estimate,
    observed,
    p: enumerated ? exceed / draws : (1 + exceed) / (1 + draws),
    draws,
    enumerated,
    units: units.size,
    strata: strata.size,
    seed: String(options.seed),
  };
}

function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

function* combinations<T>(items: readonly T[], k: number, start = 0): Generator<T[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= items.length - k; i++)
    for (const rest of combinations(items, k - 1, i + 1)) yield [items[i]!, ...rest];
}

function* product<T>(lists: readonly Iterable<T>[]): Generator<T[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  const [head, ...tail] = lists;
  for (const x of head!) for (const rest of product(tail)) yield [x, ...rest];
}
