import { Type, type Static } from 'typebox';
import type { PolicyValidation } from '../../access/policy-access.js';
import type { SimulationReport } from '../../policy/policy-simulation-service.js';
import type { GroupQuality, PolicyComparison, SimulationResult } from '../../policy/simulation.js';
import { Nullable } from '../schemas.js';
import { CooperativeAssignmentSchema, presentAssignment } from './policies.js';

export const PolicyValidationSchema = Type.Object({
  valid: Type.Boolean({ description: 'compiled with no error (warnings allowed)' }),
  policy: Nullable(Type.Object({ id: Type.String(), version: Type.Integer(), rules: Type.Integer() })),
  diagnostics: Type.Array(
    Type.Object({
      severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
      code: Type.String(),
      message: Type.String(),
      path: Type.String({ description: 'dotted path of the value in the file, e.g. rules[2].when' }),
      line: Type.Integer(),
      col: Type.Integer(),
    }),
  ),
});

/** `POST /policies/validate`: the diagnostics, located to line and column. */
export function presentValidation(v: PolicyValidation): Static<typeof PolicyValidationSchema> {
  return {
    valid: v.valid,
    policy: v.policy === null ? null : { id: v.policy.id, version: v.policy.version, rules: v.policy.rules },
    diagnostics: v.diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      message: d.message,
      path: d.path,
      line: d.line,
      col: d.col,
    })),
  };
}

const Counts = (description: string) => Type.Record(Type.String(), Type.Integer(), { description });
const ByKey = (key: string) =>
  Type.Record(Type.String(), Counts('households per treatment'), {
    description: `households per treatment, by ${key}`,
  });

const GroupQualitySchema = Type.Object({
  households: Type.Integer(),
  eligible: Type.Integer({ description: 'households in the eligible deciles' }),
  targeted: Type.Integer({ description: 'households given a targeted treatment' }),
  eligible_targeted: Type.Integer(),
  exclusion_error: Type.Number({ description: 'share of eligible households not reached (0 when none)' }),
  inclusion_error: Type.Number({ description: 'share of reached households outside the eligible deciles' }),
});

const Money = Type.Object({ monthly: Type.Number(), yearly: Type.Number() }, { description: 'rupiah' });

const SimulationResultSchema = Type.Object({
  policy: Type.Object({ id: Type.String(), version: Type.Integer(), as_of: Type.String({ format: 'date' }) }),
  households: Type.Integer(),
  by_treatment: Counts('households per treatment'),
  by_rule: Counts('households per rule that fired (default last)'),
  households_with_rule_errors: Type.Integer(),
  cost: Type.Object({
    monthly: Type.Number(),
    yearly: Type.Number({ description: 'twelve months plus one-off costs' }),
    by_treatment: Type.Record(Type.String(), Money),
  }),
  quality: Type.Object({
    ...GroupQualitySchema.properties,
    eligible_deciles: Type.Array(Type.Integer()),
  }),
  by_decile: ByKey('decile (1–10, then unknown)'),
  by_province: ByKey('province code'),
  by_regency: ByKey('regency code'),
  by_district: ByKey('district code'),
  by_village: ByKey('village code'),
  by_program: ByKey('current social program'),
  fairness: Type.Object({
    head_sex: Type.Object({ L: GroupQualitySchema, P: GroupQualitySchema, unknown: GroupQualitySchema }),
    head_disability: Type.Object({
      yes: GroupQualitySchema,
      no: GroupQualitySchema,
      no_head: GroupQualitySchema,
    }),
    area: Type.Object({ urban: GroupQualitySchema, rural: GroupQualitySchema }),
  }),
});

const ComparisonSchema = Type.Object({
  by_treatment: Type.Record(
    Type.String(),
    Type.Object({ policy: Type.Integer(), other: Type.Integer(), difference: Type.Integer() }),
  ),
  households_changed: Type.Integer(),
  transitions: Counts('households per "from -> to" treatment pair'),
  cost_difference: Money,
  exclusion_error_difference: Type.Number(),
  inclusion_error_difference: Type.Number(),
});

export const SimulationReportSchema = Type.Object(
  {
    ...SimulationResultSchema.properties,
    region: Nullable(Type.String()),
    cooperatives: CooperativeAssignmentSchema,
    against: Type.Optional(SimulationResultSchema),
    comparison: Type.Optional(ComparisonSchema),
  },
  { description: 'aggregate report (counts, costs, targeting quality); never rows of people' },
);

type SimulationBody = Static<typeof SimulationResultSchema>;

/** `POST /policies/simulate`: counts, costs, targeting quality and fairness splits; never rows of people. */
export function presentSimulation(r: SimulationReport): Static<typeof SimulationReportSchema> {
  return {
    ...presentResult(r),
    region: r.region,
    cooperatives: presentAssignment(r.cooperatives),
    ...(r.against === undefined ? {} : { against: presentResult(r.against) }),
    ...(r.comparison === undefined ? {} : { comparison: presentComparison(r.comparison) }),
  };
}

function presentResult(r: SimulationResult): SimulationBody {
  const q = r.quality;
  return {
    policy: { id: r.policy.id, version: r.policy.version, as_of: r.policy.as_of },
    households: r.households,
    by_treatment: r.by_treatment,
    by_rule: r.by_rule,
    households_with_rule_errors: r.households_with_rule_errors,
    cost: { monthly: r.cost.monthly, yearly: r.cost.yearly, by_treatment: r.cost.by_treatment },
    quality: { eligible_deciles: q.eligible_deciles, ...presentQuality(q) },
    by_decile: r.by_decile,
    by_province: r.by_province,
    by_regency: r.by_regency,
    by_district: r.by_district,
    by_village: r.by_village,
    by_program: r.by_program,
    fairness: {
      head_sex: mapQuality(r.fairness.head_sex),
      head_disability: mapQuality(r.fairness.head_disability),
      area: mapQuality(r.fairness.area),
    },
  };
}

function presentQuality(g: GroupQuality): Static<typeof GroupQualitySchema> {
  return {
    households: g.households,
    eligible: g.eligible,
    targeted: g.targeted,
    eligible_targeted: g.eligible_targeted,
    exclusion_error: g.exclusion_error,
    inclusion_error: g.inclusion_error,
  };
}

function mapQuality<K extends string>(
  groups: Record<K, GroupQuality>,
): Record<K, Static<typeof GroupQualitySchema>> {
  const out = {} as Record<K, Static<typeof GroupQualitySchema>>;
  for (const key of Object.keys(groups) as K[]) out[key] = presentQuality(groups[key]);
  return out;
}

function presentComparison(c: PolicyComparison): Static<typeof ComparisonSchema> {
  return {
    by_treatment: c.by_treatment,
    households_changed: c.households_changed,
    transitions: c.transitions,
    cost_difference: { monthly: c.cost_difference.monthly, yearly: c.cost_difference.yearly },
    exclusion_error_difference: c.exclusion_error_difference,
    inclusion_error_difference: c.inclusion_error_difference,
  };
}
