/**
 * Impact of a stored pilot from household observations at DTSEN snapshot dates (pure; the data come from
 * src/pilots/evaluation). Three estimators, chosen by the pilot's design:
 *
 * - `itt` (randomised): intention-to-treat ANCOVA over the households of the pilot population with a follow-up
 *   value, `y ~ treat + y0 + factor(stratum)` (baseline outcome y0, strata of the randomisation as fixed effects),
 *   CR1 standard errors clustered at the unit of randomisation (the pilot cluster).
 * - `did` (non-randomised): two-period difference-in-differences on the balanced household panel
 *   (baseline, follow-up), `y ~ treat + post + treat:post`, CR1 by cluster.
 * - `staggered` (stepped wedge): Callaway & Sant'Anna group-time effects on cluster means per snapshot date
 *   (households observed at every date), so the influence-function SEs are at the unit of randomisation; the
 *   group of a cluster is the first snapshot on or after its wave's start.
 *
 * With fewer than 40 clusters the CR1 t is too optimistic: the restricted wild cluster bootstrap (Webb weights)
 * and, for `itt`, randomisation inference within strata are added automatically.
 *
 * Outcomes: `welfare` (log of the PMT's predicted per-capita expenditure), `welfare_z` (welfare z-scored on the
 * control group at each date), `welfare_index` (Anderson index of welfare and decile, z-scored on the control
 * group at each date), `decile`, `decile_1_2` (1 when in deciles 1–2) and `member` (1 when a person of the
 * household is a cooperative member on that date).
 */
import { say, UserError } from '../shared/errors.js';
import { buildDesign, type TextTable } from './design.js';
import { differenceInDifferences } from './did.js';
import { parseFormula } from './formula.js';
import { fitOls, type Coefficient } from './ols.js';
import { outcomeIndex } from './outcome-index.js';
import { randomizationInference } from './randomization-inference.js';
import { callawaySantAnna, type StaggeredResult } from './staggered.js';
import { wildClusterBootstrap } from './wild-bootstrap.js';

export type PilotOutcome = 'welfare' | 'welfare_z' | 'welfare_index' | 'decile' | 'decile_1_2' | 'member';
export const PILOT_OUTCOMES: readonly PilotOutcome[] = [
  'welfare',
  'welfare_z',
  'welfare_index',
  'decile',
  'decile_1_2',
  'member',
];
export type PilotMethod = 'itt' | 'did' | 'staggered';
export const PILOT_METHODS: readonly PilotMethod[] = ['itt', 'did', 'staggered'];
export type PilotDesignKind = 'randomized' | 'stepped_wedge' | 'non_randomized';

/** Clusters below this number get the wild cluster bootstrap and randomisation inference. */
export const FEW_CLUSTERS = 40;

export interface PilotHousehold {
  household: number;
  /** The pilot cluster (unit of randomisation). */
  cluster: string;
  stratum: string;
  treated: boolean;
  /** First day of the household's cluster's wave (treated clusters); null for comparison clusters. */
  treatedFrom: string | null;
}

export interface PilotObservation {
  household: number;
  /** Snapshot date (YYYY-MM-DD). */
  date: string;
  pmtScore: number | null;
  decile: number | null;
  member: boolean;
}

export interface PilotData {
  design: PilotDesignKind;
  households: readonly PilotHousehold[];
  observations: readonly PilotObservation[];
  baseline: string;
  followup: string;
}

export interface PilotImpactOptions {
  outcome: PilotOutcome;
  method?: PilotMethod | undefined;
  /** Wild bootstrap draws (default 9999) and randomisation-inference draws (default 999). */
  bootstrapDraws?: number | undefined;
  riDraws?: number | undefined;
  seed?: string | number | undefined;
}

export interface PilotImpactNote {
  en: string;
  id: string;
}

export interface PilotImpact {
  outcome: PilotOutcome;
  method: PilotMethod;
  design: PilotDesignKind;
  baseline: string;
  followup: string;
  formula: string | null;
  /** Observations in the estimate (households for itt, household-periods for did, cluster-periods for staggered). */
  n: number;
  clusters: number;
  strata: number;
  households: { treated: number; control: number };
  /** Households of the pilot population without a follow-up observation, by arm. */
  attrition: { treated: number; control: number; treated_share: number; control_share: number };
  means: {
    treated_baseline: number | null;
    control_baseline: number | null;
    treated_followup: number | null;
    control_followup: number | null;
  };
  effect: Coefficient & { df: number | null; se_type: string };
  few_clusters: boolean;
  wild_bootstrap: { p: number; draws: number; weights: string; enumerated: boolean; seed: string } | null;
  randomization_inference: { p: number; draws: number; enumerated: boolean; seed: string } | null;
  staggered: Pick<StaggeredResult, 'cells' | 'dynamic' | 'group' | 'control' | 'dropped_units'> | null;
  notes: PilotImpactNote[];
}

type CommonPart =
  'outcome' | 'method' | 'design' | 'baseline' | 'followup' | 'households' | 'attrition' | 'means';

const fail = (en: string, id: string, code: string): never => {
  throw new UserError(say(en, id), code);
};

const mean = (values: readonly number[]) =>
  values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;

/** Outcome value of every observation (null when not measured), standardised where the outcome says so. */
export function outcomeValues(
  data: PilotData,
  outcome: PilotOutcome,
  households: ReadonlyMap<number, PilotHousehold>,
): (number | null)[] {
  const obs = data.observations;
  const welfare = obs.map((o) => (o.pmtScore !== null && o.pmtScore > 0 ? Math.log(o.pmtScore) : null));
  switch (outcome) {
    case 'welfare':
      return welfare;
    case 'decile':
      return obs.map((o) => o.decile);
    case 'decile_1_2':
      return obs.map((o) => (o.decile === null ? null : o.decile <= 2 ? 1 : 0));
    case 'member':
      return obs.map((o) => (o.member ? 1 : 0));
    case 'welfare_z':
    case 'welfare_index': {
      const anyControl = data.households.some((h) => !h.treated);
      const isControl = (o: PilotObservation) => {
        const h = households.get(o.household)!;
        if (anyControl) return !h.treated;
        return h.treatedFrom === null || h.treatedFrom > o.date; // stepped wedge: not yet treated
      };
      const out: (number | null)[] = obs.map(() => null);
      const byDate = new Map<string, number[]>();
      obs.forEach((o, i) => byDate.set(o.date, [...(byDate.get(o.date) ?? []), i]));
      for (const [date, rows] of byDate) {
        const control = rows.map((i) => isControl(obs[i]!));
        if (!control.some(Boolean)) continue; // no comparison on this date: not standardised, left out
        if (outcome === 'welfare_z') {
          const z = zScores(
            rows.map((i) => welfare[i]!),
            control,
            `welfare ${date}`,
          );
          rows.forEach((i, k) => (out[i] = z[k]!));
        } else {
          const index = outcomeIndex(
            [
              { name: `welfare ${date}`, values: rows.map((i) => welfare[i]!) },
              { name: `decile ${date}`, values: rows.map((i) => obs[i]!.decile) },
            ],
            control,
            'anderson',
          );
          rows.forEach((i, k) => (out[i] = index.index[k]!));
        }
      }
      return out;
    }
  }
}

/** z-scores on the control rows' mean and sample SD. */
function zScores(
  values: readonly (number | null)[],
  control: readonly boolean[],
  name: string,
): (number | null)[] {
  const c = values.filter((v, i): v is number => control[i]! && v !== null);
  const m = mean(c);
  if (m === null || c.length < 2)
    return fail(
      `outcome "${name}" has fewer than two control-group values`,
      `hasil "${name}" memiliki kurang dari dua nilai kelompok kontrol`,
      'too_few_controls',
    );
  const sd = Math.sqrt(c.reduce((s, v) => s + (v - m) ** 2, 0) / (c.length - 1));
  if (!(sd > 0))
    fail(
      `outcome "${name}" does not vary in the control group`,
      `hasil "${name}" tidak bervariasi dalam kelompok kontrol`,
      'constant_outcome',
    );
  return values.map((v) => (v === null ? null : (v - m) / sd));
}

const text = (v: number | string) => String(v);

export function estimatePilotImpact(data: PilotData, options: PilotImpactOptions): PilotImpact {
  const method: PilotMethod =
    options.method ??
    (data.design === 'randomized' ? 'itt' : data.design === 'stepped_wedge' ? 'staggered' : 'did');
  const seed = String(options.seed ?? '1');
  const bootstrapDraws = options.bootstrapDraws ?? 9999;
  const riDraws = options.riDraws ?? 999;
  if (!(data.baseline < data.followup))
    fail(
      `the follow-up (${data.followup}) must be after the baseline (${data.baseline})`,
      `tindak lanjut (${data.followup}) harus sesudah baseline (${data.baseline})`,
      'bad_period',
    );
  const households = new Map(data.households.map((h) => [h.household, h]));
  const values = outcomeValues(data, options.outcome, households);
  const at = (date: string) => {
    const m = new Map<number, number>();
    data.observations.forEach((o, i) => {
      const v = values[i];
      if (o.date === date && v !== null && v !== undefined && Number.isFinite(v)) m.set(o.household, v);
    });
    return m;
  };
  const base = at(data.baseline);
  const follow = at(data.followup);
  const treatedHouseholds = data.households.filter((h) => h.treated);
  const controlHouseholds = data.households.filter((h) => !h.treated);
  const lost = (hs: PilotHousehold[]) => hs.filter((h) => !follow.has(h.household)).length;
  const meanOf = (m: Map<number, number>, hs: PilotHousehold[]) =>
    mean(hs.filter((h) => m.has(h.household)).map((h) => m.get(h.household)!));
  const attrition = {
    treated: lost(treatedHouseholds),
    control: lost(controlHouseholds),
    treated_share: treatedHouseholds.length ? lost(treatedHouseholds) / treatedHouseholds.length : 0,
    control_share: controlHouseholds.length ? lost(controlHouseholds) / controlHouseholds.length : 0,
  };
  const notes: PilotImpactNote[] = [];
  if (Math.abs(attrition.treated_share - attrition.control_share) > 0.05)
    notes.push({
      en: `attrition differs between arms (${(100 * attrition.treated_share).toFixed(1)}% treated, ${(100 * attrition.control_share).toFixed(1)}% control): the estimate may be biased`,
      id: `atrisi berbeda antar-kelompok (${(100 * attrition.treated_share).toFixed(1)}% perlakuan, ${(100 * attrition.control_share).toFixed(1)}% kontrol): estimasi dapat bias`,
    });
  const common = {
    outcome: options.outcome,
    method,
    design: data.design,
    baseline: data.baseline,
    followup: data.followup,
    households: { treated: treatedHouseholds.length, control: controlHouseholds.length },
    attrition,
    means: {
      treated_baseline: meanOf(base, treatedHouseholds),
      control_baseline: meanOf(base, controlHouseholds),
      treated_followup: meanOf(follow, treatedHouseholds),
      control_followup: meanOf(follow, controlHouseholds),
    },
    notes,
  };
  if (method === 'staggered') {
    const part = staggered(data, values, households);
    return { ...common, ...part, notes: [...notes, ...part.notes] };
  }
  if (controlHouseholds.length === 0 || treatedHouseholds.length === 0)
    fail(
      `${method === 'itt' ? 'intention-to-treat' : 'difference-in-differences'} needs households in both arms (treated ${treatedHouseholds.length}, comparison ${controlHouseholds.length})`,
      `${method === 'itt' ? 'intention-to-treat' : 'selisih-dalam-selisih'} memerlukan rumah tangga di kedua kelompok (perlakuan ${treatedHouseholds.length}, pembanding ${controlHouseholds.length})`,
      'one_arm',
    );

  const rows = data.households.filter((h) =>
    method === 'itt' ? follow.has(h.household) && base.has(h.household) : true,
  );
  const strata = new Set(rows.map((h) => h.stratum));
  const clusters = new Set(rows.map((h) => h.cluster));
  const few = clusters.size < FEW_CLUSTERS;
  if (few)
    notes.push({
      en: `${clusters.size} clusters (< ${FEW_CLUSTERS}): CR1 intervals are too narrow; use the wild cluster bootstrap${method === 'itt' ? ' and randomisation inference' : ''} p-values`,
      id: `${clusters.size} klaster (< ${FEW_CLUSTERS}): interval CR1 terlalu sempit; gunakan nilai p bootstrap klaster liar${method === 'itt' ? ' dan inferensi pengacakan' : ''}`,
    });

  if (method === 'itt') {
    const missingBaseline = data.households.filter(
      (h) => follow.has(h.household) && !base.has(h.household),
    ).length;
    if (missingBaseline > 0)
      notes.push({
        en: `${missingBaseline} households with a follow-up but no baseline value are left out`,
        id: `${missingBaseline} rumah tangga dengan tindak lanjut tetapi tanpa nilai baseline tidak diikutkan`,
      });
    const table: TextTable = {
      source: 'pilot',
      headers: ['y', 'treat', 'y0', 'stratum', 'cluster'],
      columns: new Map([
        ['y', rows.map((h) => text(follow.get(h.household)!))],
        ['treat', rows.map((h) => (h.treated ? '1' : '0'))],
        ['y0', rows.map((h) => text(base.get(h.household)!))],
        ['stratum', rows.map((h) => h.stratum)],
        ['cluster', rows.map((h) => h.cluster)],
      ]),
    };
    const constantBaseline = new Set(table.columns.get('y0')).size < 2;
    const formula = `y ~ treat${constantBaseline ? '' : ' + y0'}${strata.size > 1 ? ' + factor(stratum)' : ''}`;
    if (constantBaseline)
      notes.push({
        en: 'the baseline outcome does not vary: it is left out of the model',
        id: 'hasil baseline tidak bervariasi: tidak dimasukkan ke model',
      });
    const design = buildDesign(table, parseFormula(formula), { cluster: 'cluster' });
    const fit = fitOls(design, 'cr1');
    const effect = fit.coefficients.find((c) => c.term === 'treat')!;
    let wild: PilotImpact['wild_bootstrap'] = null;
    let ri: PilotImpact['randomization_inference'] = null;
    if (few) {
      const w = wildClusterBootstrap(design, { term: 'treat', draws: bootstrapDraws, weights: 'webb', seed });
      wild = { p: w.p, draws: w.draws, weights: w.weights, enumerated: w.enumerated, seed: w.seed };
      const r = randomizationInference(table, {
        formula,
        treat: 'treat',
        cluster: 'cluster',
        strata: 'stratum',
        draws: riDraws,
        seed,
      });
      ri = { p: r.p, draws: r.draws, enumerated: r.enumerated, seed: r.seed };
    }
    return {
      ...common,
      formula,
      n: fit.n,
      clusters: clusters.size,
      strata: strata.size,
      effect: { ...effect, df: fit.df, se_type: 'cr1' },
      few_clusters: few,
      wild_bootstrap: wild,
      randomization_inference: ri,
      staggered: null,
    };
  }

  // Difference-in-differences on the balanced household panel.
  const panel = rows.filter((h) => base.has(h.household) && follow.has(h.household));
  const table: TextTable = {
    source: 'pilot',
    headers: ['y', 'treat', 'post', 'cluster'],
    columns: new Map([
      [
        'y',
        [
          ...panel.map((h) => text(base.get(h.household)!)),
          ...panel.map((h) => text(follow.get(h.household)!)),
        ],
      ],
      ['treat', [...panel, ...panel].map((h) => (h.treated ? '1' : '0'))],
      ['post', [...panel.map(() => '0'), ...panel.map(() => '1')]],
      ['cluster', [...panel, ...panel].map((h) => h.cluster)],
    ]),
  };
  const panelClusters = new Set(panel.map((h) => h.cluster));
  const did = differenceInDifferences(table, {
    outcome: 'y',
    treat: 'treat',
    post: 'post',
    cluster: 'cluster',
    ...(few ? { wildBootstrap: { draws: bootstrapDraws, weights: 'webb' as const, seed } } : {}),
  });
  return {
    ...common,
    formula: did.formula,
    n: did.n,
    clusters: panelClusters.size,
    strata: strata.size,
    effect: { ...did.effect, df: did.df, se_type: did.se_type },
    few_clusters: few,
    wild_bootstrap: did.wild_bootstrap
      ? {
          p: did.wild_bootstrap.p,
          draws: did.wild_bootstrap.draws,
          weights: did.wild_bootstrap.weights,
          enumerated: did.wild_bootstrap.enumerated,
          seed: did.wild_bootstrap.seed,
        }
      : null,
    randomization_inference: null,
    staggered: null,
  };
}

/** Callaway–Sant'Anna on cluster means per snapshot date (households observed at every date up to follow-up). */
function staggered(
  data: PilotData,
  values: (number | null)[],
  households: ReadonlyMap<number, PilotHousehold>,
): Omit<PilotImpact, CommonPart> {
  const dates = [...new Set(data.observations.map((o) => o.date))].filter((d) => d <= data.followup).sort();
  if (dates.length < 2)
    fail(
      'staggered estimation needs two or more snapshot dates',
      'estimasi bertahap memerlukan dua tanggal snapshot atau lebih',
      'too_few_periods',
    );
  const byHousehold = new Map<number, Map<string, number>>();
  data.observations.forEach((o, i) => {
    const v = values[i];
    if (v === null || v === undefined || !Number.isFinite(v) || o.date > data.followup) return;
    if (!byHousehold.has(o.household)) byHousehold.set(o.household, new Map());
    byHousehold.get(o.household)!.set(o.date, v);
  });
  const sums = new Map<string, Float64Array>();
  const counts = new Map<string, number>();
  for (const [household, byDate] of byHousehold) {
    if (byDate.size !== dates.length) continue;
    const h = households.get(household)!;
    if (!sums.has(h.cluster)) sums.set(h.cluster, new Float64Array(dates.length));
    const s = sums.get(h.cluster)!;
    dates.forEach((d, t) => (s[t]! += byDate.get(d)!));
    counts.set(h.cluster, (counts.get(h.cluster) ?? 0) + 1);
  }
  const clusterInfo = new Map<string, PilotHousehold>();
  for (const h of data.households) if (!clusterInfo.has(h.cluster)) clusterInfo.set(h.cluster, h);
  const panel = {
    source: 'pilot',
    unit: [] as string[],
    time: [] as number[],
    group: [] as (number | null)[],
    y: [] as number[],
    row: [] as number[],
  };
  let r = 0;
  for (const [cluster, s] of [...sums].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const h = clusterInfo.get(cluster)!;
    const first = h.treated && h.treatedFrom !== null ? dates.findIndex((d) => d >= h.treatedFrom!) : -1;
    dates.forEach((_, t) => {
      panel.unit.push(cluster);
      panel.time.push(t + 1);
      panel.group.push(first < 0 ? null : first + 1);
      panel.y.push(s[t]! / counts.get(cluster)!);
      panel.row.push(++r);
    });
  }
  const never = panel.group.some((g) => g === null);
  const result = callawaySantAnna(panel, { control: never ? 'never' : 'notyet' });
  const few = sums.size < FEW_CLUSTERS;
  const notes: PilotImpactNote[] = [
    {
      en: `periods: ${dates.map((d, t) => `${t + 1} = ${d}`).join(', ')}`,
      id: `periode: ${dates.map((d, t) => `${t + 1} = ${d}`).join(', ')}`,
    },
  ];
  if (few)
    notes.push({
      en: `${sums.size} clusters (< ${FEW_CLUSTERS}): the normal intervals of the aggregation may be too narrow`,
      id: `${sums.size} klaster (< ${FEW_CLUSTERS}): interval normal agregasi mungkin terlalu sempit`,
    });
  const s = result.simple;
  return {
    formula: null,
    n: panel.y.length,
    clusters: sums.size,
    strata: new Set([...clusterInfo.values()].map((h) => h.stratum)).size,
    effect: {
      term: 'ATT (simple)',
      estimate: s.att,
      se: s.se,
      t: s.att / s.se,
      p: s.p,
      ci_low: s.ci_low,
      ci_high: s.ci_high,
      df: null,
      se_type: 'influence function (cluster means)',
    },
    few_clusters: few,
    wild_bootstrap: null,
    randomization_inference: null,
    staggered: {
      cells: result.cells,
      dynamic: result.dynamic,
      group: result.group,
      control: result.control,
      dropped_units: result.dropped_units,
    },
    notes,
  };
}
