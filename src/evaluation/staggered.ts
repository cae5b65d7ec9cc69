/**
 * Staggered adoption: Callaway & Sant'Anna (2021) group-time average treatment effects ATT(g,t) on a balanced
 * panel without covariates, and their aggregations (simple, event-time "dynamic", by group, by calendar time),
 * with the influence-function standard errors of R's `did` package (`att_gt(…, est_method = "dr")` reduces to
 * differences of mean changes without covariates; `aggte`, including the estimated-weights term) and, on
 * request, its multiplier bootstrap with a uniform (simultaneous) critical value.
 *
 * A unit's group g is the first period it is treated; 0 or empty means never treated, as do groups after the
 * last period; units treated in the first period have no pre-period and are left out (counted). For t ≥ g the
 * comparison is with period g − 1 (the last period before g); before g with the period just before t ("varying"
 * base period, `did`'s default). Controls: never-treated units, or also units not yet treated by max(t, base).
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { say, UserError } from '../shared/errors.js';
import { createRng } from '../shared/random.js';

export type ControlGroup = 'never' | 'notyet';
export const CONTROL_GROUPS: readonly ControlGroup[] = ['never', 'notyet'];
export type MultiplierWeights = 'rademacher' | 'mammen';
export const MULTIPLIER_WEIGHTS: readonly MultiplierWeights[] = ['rademacher', 'mammen'];

/** One row per unit and period. */
export interface PanelRows {
  source: string;
  unit: readonly string[];
  time: readonly number[];
  /** First treated period; 0 or null = never treated. */
  group: readonly (number | null)[];
  y: readonly number[];
  /** File row of each entry, for messages (header = row 1). */
  row: readonly number[];
}

export interface StaggeredOptions {
  control: ControlGroup;
  level?: number;
  bootstrap?: { draws: number; weights: MultiplierWeights; seed: string | number };
}

export interface Estimate {
  att: number;
  se: number;
  p: number;
  ci_low: number;
  ci_high: number;
}

/** With the bootstrap: a simultaneous band over the set (every cell, or every event time). */
export interface Banded extends Estimate {
  band_low: number | null;
  band_high: number | null;
}

export interface StaggeredResult {
  units: number;
  /** Units treated in the first period, left out. */
  dropped_units: number;
  periods: number[];
  groups: { group: number; units: number }[];
  never_treated: number;
  control: ControlGroup;
  se_method: 'analytic' | 'multiplier-bootstrap';
  bootstrap: {
    draws: number;
    weights: MultiplierWeights;
    seed: string;
    cells_critical: number;
    dynamic_critical: number;
  } | null;
  cells: (Banded & { group: number; time: number; base: number; treated: number; controls: number })[];
  simple: Estimate;
  dynamic: (Banded & { e: number })[];
  dynamic_overall: Estimate;
  group: (Estimate & { group: number })[];
  group_overall: Estimate;
  calendar: (Estimate & { time: number })[];
  calendar_overall: Estimate;
}

const fail = (en: string, id: string, code: string): never => {
  throw new UserError(say(en, id), code);
};

interface Cell {
  group: number;
  time: number;
  base: number;
  att: number;
  inf: Float64Array;
  treated: number;
  controls: number;
}

export function callawaySantAnna(panel: PanelRows, options: StaggeredOptions): StaggeredResult {
  const level = options.level ?? 0.95;
  const periods = [...new Set(panel.time)].sort((a, b) => a - b);
  if (periods.length < 2)
    fail(
      `${panel.source}: the panel needs two or more periods`,
      `${panel.source}: panel memerlukan dua periode atau lebih`,
      'too_few_periods',
    );
  const first = periods[0]!;
  const last = periods[periods.length - 1]!;
  const periodIndex = new Map(periods.map((p, i) => [p, i]));

  // Units in order of first appearance; each has one group and one outcome per period.
  const unitIndex = new Map<string, number>();
  const unitGroup: number[] = [];
  const unitRow: number[] = [];
  const values: Float64Array[] = [];
  for (let r = 0; r < panel.unit.length; r++) {
    const id = panel.unit[r]!;
    let u = unitIndex.get(id);
    const rawGroup = panel.group[r] ?? 0;
    const g = rawGroup > last ? 0 : rawGroup;
    if (u === undefined) {
      u = unitIndex.size;
      unitIndex.set(id, u);
      unitGroup.push(g);
      unitRow.push(panel.row[r]!);
      values.push(new Float64Array(periods.length).fill(NaN));
    } else if (unitGroup[u] !== g)
      fail(
        `${panel.source}: row ${panel.row[r]}: unit "${id}" has first-treated period ${rawGroup}, but ${unitGroup[u]} in row ${unitRow[u]}`,
        `${panel.source}: baris ${panel.row[r]}: unit "${id}" berperiode perlakuan pertama ${rawGroup}, padahal ${unitGroup[u]} di baris ${unitRow[u]}`,
        'inconsistent_group',
      );
    const t = periodIndex.get(panel.time[r]!)!;
    if (!Number.isNaN(values[u]![t]!))
      fail(
        `${panel.source}: row ${panel.row[r]}: unit "${id}" has period ${panel.time[r]} twice`,
        `${panel.source}: baris ${panel.row[r]}: unit "${id}" memiliki periode ${panel.time[r]} dua kali`,
        'duplicate_period',
      );
    values[u]![t] = panel.y[r]!;
  }
  for (const [id, u] of unitIndex) {
    const missing = values[u]!.findIndex(Number.isNaN);
    if (missing >= 0)
      fail(
        `${panel.source}: unit "${id}" (row ${unitRow[u]}) has no outcome for period ${periods[missing]}; the panel must be balanced`,
        `${panel.source}: unit "${id}" (baris ${unitRow[u]}) tidak memiliki hasil untuk periode ${periods[missing]}; panel harus seimbang`,
        'unbalanced_panel',
      );
  }

  // Units treated in the first period have no pre-period: left out.
  const kept = [...unitIndex.values()].filter((u) => !(unitGroup[u]! > 0 && unitGroup[u]! <= first));
  const n = kept.length;
  const G = Int32Array.from(kept, (u) => unitGroup[u]!);
  const Y = kept.map((u) => values[u]!);
  const groupList = [...new Set(G)].filter((g) => g > 0).sort((a, b) => a - b);
  const neverTreated = G.filter((g) => g === 0).length;
  if (groupList.length === 0)
    fail(
      `${panel.source}: no unit is treated after the first period`,
      `${panel.source}: tidak ada unit yang diperlakukan setelah periode pertama`,
      'no_treated',
    );

  const cells: Cell[] = [];
  for (const g of groupList) {
    const gBase = lastIndexBefore(periods, g);
    for (let t = 1; t < periods.length; t++) {
      const base = periods[t]! >= g ? gBase : t - 1;
      const horizon = periods[Math.max(t, base)]!;
      const isControl = (gu: number) =>
        gu === 0 || (options.control === 'notyet' && gu > horizon && gu !== g);
      let n1 = 0;
      let nT = 0;
      let nC = 0;
      let sumT = 0;
      let sumC = 0;
      for (let i = 0; i < n; i++) {
        const d = Y[i]![t]! - Y[i]![base]!;
        if (G[i] === g) {
          nT++;
          sumT += d;
        } else if (isControl(G[i]!)) {
          nC++;
          sumC += d;
        }
      }
      n1 = nT + nC;
      if (nC === 0)
        fail(
          `no control units for group ${g} in period ${periods[t]} (control group "${options.control}")`,
          `tidak ada unit kontrol untuk kelompok ${g} pada periode ${periods[t]} (kelompok kontrol "${options.control}")`,
          'no_controls',
        );
      const m1 = sumT / nT;
      const m0 = sumC / nC;
      const p = nT / n1;
      const inf = new Float64Array(n);
      const scale = n / n1;
      for (let i = 0; i < n; i++) {
        const d = Y[i]![t]! - Y[i]![base]!;
        if (G[i] === g) inf[i] = (scale * (d - m1)) / p;
        else if (isControl(G[i]!)) inf[i] = (-scale * (d - m0)) / (1 - p);
      }
      cells.push({
        group: g,
        time: periods[t]!,
        base: periods[base]!,
        att: m1 - m0,
        inf,
        treated: nT,
        controls: nC,
      });
    }
  }

  // Share of units in each cell's group (did's pg), and the aggregations as weighted sums of cells.
  const share = new Map(groupList.map((g) => [g, G.filter((x) => x === g).length / n]));
  const pg = cells.map((c) => share.get(c.group)!);
  const weighted = (keep: number[]) => weightedAggregate(keep, cells, pg, G);
  const mean = (keep: number[]) =>
    averageAggregate(keep.map((k) => ({ att: cells[k]!.att, inf: cells[k]!.inf })));
  const indices = cells.map((_, k) => k);

  const simple = weighted(indices.filter((k) => cells[k]!.group <= cells[k]!.time));
  const eventTimes = [...new Set(cells.map((c) => c.time - c.group))].sort((a, b) => a - b);
  const dynamic = eventTimes.map((e) => ({
    e,
    ...weighted(indices.filter((k) => cells[k]!.time - cells[k]!.group === e)),
  }));
  const dynamicOverall = averageAggregate(dynamic.filter((d) => d.e >= 0));
  const byGroup = groupList.map((g) => ({
    group: g,
    first: indices.find((k) => cells[k]!.group === g && cells[k]!.time >= g)!,
    ...mean(indices.filter((k) => cells[k]!.group === g && cells[k]!.time >= g)),
  }));
  const groupOverall = weightedOver(
    byGroup.map((b) => b.first),
    byGroup,
    pg,
    cells,
    G,
  );
  const calendar = periods
    .map((t) => ({ time: t, keep: indices.filter((k) => cells[k]!.time === t && cells[k]!.group <= t) }))
    .filter((c) => c.keep.length > 0)
    .map((c) => ({ time: c.time, ...weighted(c.keep) }));
  const calendarOverall = averageAggregate(calendar);

  const z = normalQuantile(1 - (1 - level) / 2, 0, 1);
  const analyticSe = (inf: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += inf[i]! * inf[i]!;
    return Math.sqrt(s / n / n);
  };
  let seOf = analyticSe;
  let bootstrap: StaggeredResult['bootstrap'] = null;
  let cellBands: (number | null)[] = cells.map(() => null);
  let dynamicBands: (number | null)[] = dynamic.map(() => null);
  if (options.bootstrap) {
    const { draws, weights, seed } = options.bootstrap;
    if (!Number.isInteger(draws) || draws < 99)
      fail(
        `bootstrap draws must be a whole number of at least 99, got ${draws}`,
        `jumlah tarikan bootstrap harus bilangan bulat minimal 99, bukan ${draws}`,
        'bad_option',
      );
    const multipliers = drawMultipliers(n, draws, weights, seed);
    const boot = new Map<Float64Array, number>();
    const run = (infs: Float64Array[]) => {
      const result = multiplierBootstrap(infs, multipliers, level);
      infs.forEach((inf, k) => boot.set(inf, result.se[k]!));
      return result.critical;
    };
    const cellsCritical = run(cells.map((c) => c.inf));
    const dynamicCritical = run(dynamic.map((d) => d.inf));
    run([
      simple.inf,
      dynamicOverall.inf,
      groupOverall.inf,
      calendarOverall.inf,
      ...byGroup.map((b) => b.inf),
      ...calendar.map((c) => c.inf),
    ]);
    seOf = (inf) => boot.get(inf) ?? analyticSe(inf);
    cellBands = cells.map(() => cellsCritical);
    dynamicBands = dynamic.map(() => dynamicCritical);
    bootstrap = {
      draws,
      weights,
      seed: String(seed),
      cells_critical: cellsCritical,
      dynamic_critical: dynamicCritical,
    };
  }
  const estimate = (a: { att: number; inf: Float64Array }): Estimate => {
    const se = seOf(a.inf);
    return {
      att: a.att,
      se,
      p: 2 * normalCdf(-Math.abs(a.att / se), 0, 1),
      ci_low: a.att - z * se,
      ci_high: a.att + z * se,
    };
  };
  const banded = (a: { att: number; inf: Float64Array }, critical: number | null): Banded => {
    const e = estimate(a);
    return {
      ...e,
      band_low: critical === null ? null : a.att - critical * e.se,
      band_high: critical === null ? null : a.att + critical * e.se,
    };
  };

  return {
    units: n,
    dropped_units: unitIndex.size - n,
    periods,
    groups: groupList.map((g) => ({ group: g, units: G.filter((x) => x === g).length })),
    never_treated: neverTreated,
    control: options.control,
    se_method: options.bootstrap ? 'multiplier-bootstrap' : 'analytic',
    bootstrap,
    cells: cells.map((c, k) => ({
      group: c.group,
      time: c.time,
      base: c.base,
      treated: c.treated,
      controls: c.controls,
      ...banded(c, cellBands[k]!),
    })),
    simple: estimate(simple),
    dynamic: dynamic.map((d, k) => ({ e: d.e, ...banded(d, dynamicBands[k]!) })),
    dynamic_overall: estimate(dynamicOverall),
    group: byGroup.map((b) => ({ group: b.group, ...estimate(b) })),
    group_overall: estimate(groupOverall),
    calendar: calendar.map((c) => ({ time: c.time, ...estimate(c) })),
    calendar_overall: estimate(calendarOverall),
  };
}

function lastIndexBefore(periods: number[], g: number): number {
  let index = -1;
  periods.forEach((p, i) => {
    if (p < g) index = i;
  });
  return index;
}

interface Aggregate {
  att: number;
  inf: Float64Array;
}

/** Equal-weight average of estimates (and of their influence functions). */
function averageAggregate(parts: readonly Aggregate[]): Aggregate {
  const n = parts[0]!.inf.length;
  const inf = new Float64Array(n);
  for (const p of parts) for (let i = 0; i < n; i++) inf[i] = inf[i]! + p.inf[i]! / parts.length;
  return { att: parts.reduce((s, p) => s + p.att, 0) / parts.length, inf };
}

/** The group-share weighted average of cells `keep` (did's aggte with its estimated-weights term). */
function weightedAggregate(keep: number[], cells: Cell[], pg: number[], G: Int32Array): Aggregate {
  return weightedOver(
    keep,
    keep.map((k) => cells[k]!),
    pg,
    cells,
    G,
  );
}

/**
 * Σ w_k·est_k with w_k = pg_k / Σ pg over `keep`; the influence function adds, for the estimated shares,
 * Σ_k est_k·[(1{G=g_k} − pg_k)/Σpg − pg_k·Σ_m(1{G=g_m} − pg_m)/(Σpg)²].
 */
function weightedOver(
  keep: number[],
  estimates: readonly Aggregate[],
  pg: number[],
  cells: Cell[],
  G: Int32Array,
): Aggregate {
  const n = G.length;
  const total = keep.reduce((s, k) => s + pg[k]!, 0);
  const inf = new Float64Array(n);
  let att = 0;
  let weightedEstimate = 0;
  keep.forEach((k, m) => {
    const w = pg[k]! / total;
    att += w * estimates[m]!.att;
    weightedEstimate += (pg[k]! / (total * total)) * estimates[m]!.att;
    const est = estimates[m]!;
    for (let i = 0; i < n; i++) inf[i] = inf[i]! + w * est.inf[i]!;
  });
  for (let i = 0; i < n; i++) {
    let deviation = 0;
    let own = 0;
    keep.forEach((k, m) => {
      const d = (G[i] === cells[k]!.group ? 1 : 0) - pg[k]!;
      deviation += d;
      own += (d / total) * estimates[m]!.att;
    });
    inf[i] = inf[i]! + own - deviation * weightedEstimate;
  }
  return { att, inf };
}

/** draws × n multipliers: Rademacher ±1 or Mammen's two-point weights (mean 0, variance 1, third moment 1). */
function drawMultipliers(
  n: number,
  draws: number,
  weights: MultiplierWeights,
  seed: string | number,
): Float64Array[] {
  const rng = createRng(`entas-multiplier-bootstrap/1:${seed}`);
  const root5 = Math.sqrt(5);
  const low = (1 - root5) / 2;
  const high = (1 + root5) / 2;
  const pLow = (root5 + 1) / (2 * root5);
  return Array.from({ length: draws }, () =>
    Float64Array.from({ length: n }, () =>
      weights === 'rademacher' ? (rng.next() < 0.5 ? -1 : 1) : rng.next() < pLow ? low : high,
    ),
  );
}

/**
 * did's mboot: each draw gives √n·mean(v·IF) per estimate; the SE is the draws' interquartile range over the
 * normal's (÷√n), and the uniform critical value the `level` quantile (type 1) of max_k |draw_k / σ_k|.
 */
function multiplierBootstrap(
  infs: Float64Array[],
  multipliers: Float64Array[],
  level: number,
): { se: number[]; critical: number } {
  const n = infs[0]!.length;
  const root = Math.sqrt(n);
  const draws = multipliers.map((v) =>
    infs.map((inf) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += v[i]! * inf[i]!;
      return (root * s) / n;
    }),
  );
  const iqrScale = normalQuantile(0.75, 0, 1) - normalQuantile(0.25, 0, 1);
  const sigma = infs.map((_, k) => {
    const sorted = draws.map((d) => d[k]!).sort((a, b) => a - b);
    return (quantileType1(sorted, 0.75) - quantileType1(sorted, 0.25)) / iqrScale;
  });
  const maxima = draws
    .map((d) => d.reduce((m, x, k) => (sigma[k]! > 0 ? Math.max(m, Math.abs(x / sigma[k]!)) : m), 0))
    .sort((a, b) => a - b);
  return { se: sigma.map((s) => s / root), critical: quantileType1(maxima, level) };
}

/** R's quantile(type = 1): the smallest value with empirical CDF ≥ p. */
function quantileType1(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(sorted.length * p) - 1)]!;
}
