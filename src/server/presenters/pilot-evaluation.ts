import { Type, type Static } from 'typebox';
import type { ScopedPilotEvaluation } from '../../access/pilot-evaluation-access.js';
import type { PilotEvaluation } from '../../pilots/evaluation/pilot-evaluation-service.js';
import { Nullable } from '../schemas.js';

/** A finite number, or null (an SE or p that cannot be computed comes out as NaN). */
const Num = (description?: string) => Nullable(Type.Number(description ? { description } : {}));
const num = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? null : v;

const EffectSchema = Type.Object({
  term: Type.String({ description: 'treat (itt), treat:post (did) or ATT (simple) (staggered)' }),
  estimate: Num(),
  se: Num(),
  t: Num(),
  p: Num('two-sided'),
  ci_low: Num('95% interval'),
  ci_high: Num(),
  df: Nullable(Type.Integer({ description: 't degrees of freedom (G − 1 for CR1); null = normal' })),
  se_type: Type.String(),
});

const ResultSchema = Type.Object({
  method: Type.String({ description: 'itt | did | staggered' }),
  design: Type.String(),
  baseline: Type.String(),
  followup: Type.String(),
  formula: Nullable(Type.String()),
  n: Type.Integer(),
  clusters: Type.Integer(),
  strata: Type.Integer(),
  households: Type.Object({ treated: Type.Integer(), control: Type.Integer() }),
  attrition: Type.Object({
    treated: Type.Integer(),
    control: Type.Integer(),
    treated_share: Type.Number(),
    control_share: Type.Number(),
  }),
  means: Type.Object({
    treated_baseline: Num(),
    control_baseline: Num(),
    treated_followup: Num(),
    control_followup: Num(),
  }),
  effect: EffectSchema,
  few_clusters: Type.Boolean({ description: 'fewer than 40 clusters: use the bootstrap / RI p-values' }),
  wild_bootstrap: Nullable(
    Type.Object({
      p: Type.Number(),
      draws: Type.Integer(),
      weights: Type.String(),
      enumerated: Type.Boolean(),
    }),
  ),
  randomization_inference: Nullable(
    Type.Object({ p: Type.Number(), draws: Type.Integer(), enumerated: Type.Boolean() }),
  ),
  event_times: Type.Array(
    Type.Object({ e: Type.Integer(), att: Num(), se: Num(), ci_low: Num(), ci_high: Num() }),
    { description: 'staggered only: effects by periods since treatment' },
  ),
  snapshot_dates: Type.Array(Type.Object({ date: Type.String(), households: Type.Integer() })),
  notes: Type.Array(Type.Object({ en: Type.String(), id: Type.String() })),
});

export const PilotEvaluationSchema = Type.Object({
  pilot: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    region_code: Type.String(),
    design: Type.String(),
  }),
  evaluations: Type.Array(
    Type.Object({
      outcome: Type.String(),
      result: Nullable(ResultSchema),
      problem: Nullable(
        Type.Object(
          { code: Type.String(), message: Type.String(), message_id: Nullable(Type.String()) },
          {
            description: 'why this outcome cannot be estimated from the stored data (e.g. no follow-up yet)',
          },
        ),
      ),
    }),
  ),
});

function presentResult(r: PilotEvaluation): Static<typeof ResultSchema> {
  const e = r.effect;
  return {
    method: r.method,
    design: r.design,
    baseline: r.baseline,
    followup: r.followup,
    formula: r.formula,
    n: r.n,
    clusters: r.clusters,
    strata: r.strata,
    households: r.households,
    attrition: r.attrition,
    means: {
      treated_baseline: num(r.means.treated_baseline),
      control_baseline: num(r.means.control_baseline),
      treated_followup: num(r.means.treated_followup),
      control_followup: num(r.means.control_followup),
    },
    effect: {
      term: e.term,
      estimate: num(e.estimate),
      se: num(e.se),
      t: num(e.t),
      p: num(e.p),
      ci_low: num(e.ci_low),
      ci_high: num(e.ci_high),
      df: e.df,
      se_type: e.se_type,
    },
    few_clusters: r.few_clusters,
    wild_bootstrap: r.wild_bootstrap
      ? {
          p: r.wild_bootstrap.p,
          draws: r.wild_bootstrap.draws,
          weights: r.wild_bootstrap.weights,
          enumerated: r.wild_bootstrap.enumerated,
        }
      : null,
    randomization_inference: r.randomization_inference
      ? {
          p: r.randomization_inference.p,
          draws: r.randomization_inference.draws,
          enumerated: r.randomization_inference.enumerated,
        }
      : null,
    event_times: (r.staggered?.dynamic ?? []).map((d) => ({
      e: d.e,
      att: num(d.att),
      se: num(d.se),
      ci_low: num(d.ci_low),
      ci_high: num(d.ci_high),
    })),
    snapshot_dates: r.snapshot_dates,
    notes: r.notes,
  };
}

export function presentPilotEvaluation(e: ScopedPilotEvaluation): Static<typeof PilotEvaluationSchema> {
  return {
    pilot: e.pilot,
    evaluations: e.evaluations.map((x) => ({
      outcome: x.outcome,
      result: x.result ? presentResult(x.result) : null,
      problem: x.problem,
    })),
  };
}
