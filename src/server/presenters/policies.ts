import { Type, type Static } from 'typebox';
import type { ExplainedDecision } from '../../policy/explain-service.js';
import type { ApplyResult } from '../../policy/policy-apply-service.js';
import type { StoredPolicyVersion } from '../../policy/policy-store.js';
import { Nullable } from '../schemas.js';

export const StoredPolicySchema = Type.Object({
  policy_id: Type.String({ description: 'the id in the policy file, e.g. kopdes-default' }),
  versions: Type.Array(
    Type.Object({
      version: Type.Integer(),
      as_of: Type.String({ format: 'date' }),
      content_hash: Type.String({ description: 'sha256 of the YAML exactly as stored' }),
      created_by: Nullable(Type.String()),
      created_at: Type.String({ format: 'date-time' }),
      applications: Type.Integer({ description: 'times this version was applied' }),
      last_applied_at: Nullable(Type.String({ format: 'date-time' })),
    }),
    { description: 'newest version first' },
  ),
});

export const StoredPolicyTextSchema = Type.Object({
  policy_id: Type.String(),
  version: Type.Integer(),
  as_of: Type.String({ format: 'date' }),
  text: Type.String({ description: 'the policy YAML exactly as stored' }),
});

export function presentStoredPolicyText(r: {
  policy_id: string;
  version: number;
  as_of: string;
  content: string;
}) {
  return { policy_id: r.policy_id, version: r.version, as_of: r.as_of, text: r.content };
}

export const StoredPolicyListSchema = Type.Object({ items: Type.Array(StoredPolicySchema) });

/** Groups stored versions by policy id (the store returns them ordered by id, newest version first). */
export function presentStoredPolicies(rows: StoredPolicyVersion[]) {
  const byId = new Map<string, StoredPolicyVersion[]>();
  for (const row of rows) byId.set(row.policy_id, [...(byId.get(row.policy_id) ?? []), row]);
  return {
    items: [...byId].map(([policyId, versions]) => ({
      policy_id: policyId,
      versions: versions.map((v) => ({
        version: v.version,
        as_of: v.as_of,
        content_hash: v.content_hash,
        created_by: v.created_by,
        created_at: new Date(v.created_at).toISOString(),
        applications: v.applications,
        last_applied_at: v.last_applied_at === null ? null : new Date(v.last_applied_at).toISOString(),
      })),
    })),
  };
}

const Bilingual = Type.Object({ id: Type.String({ description: 'Bahasa Indonesia' }), en: Type.String() });

const CapacityWarningSchema = Type.Object({
  cooperative_id: Type.Integer(),
  registration_no: Type.String(),
  name: Type.String(),
  village_code: Type.String(),
  capacity: Type.Integer({ description: 'member capacity on record' }),
  members: Type.Integer({ description: 'active members before this run' }),
  assigned: Type.Integer({ description: 'households this run assigned to it' }),
  over_by: Type.Integer(),
});

export const CooperativeAssignmentSchema = Type.Object({
  village: Type.Integer({ description: 'households assigned to a cooperative of their own village' }),
  district_nearest: Type.Integer({
    description: 'households assigned to the nearest cooperative in the district',
  }),
  none: Type.Integer({ description: 'households with no cooperative in reach' }),
  capacity_warnings: Type.Array(CapacityWarningSchema),
});

export const ApplyResultSchema = Type.Object({
  application_id: Type.Integer(),
  policy: Type.Object({ id: Type.String(), version: Type.Integer(), stored_id: Type.Integer() }),
  effective: Type.String({ format: 'date' }),
  region: Nullable(Type.String()),
  households: Type.Integer({ description: 'households decided' }),
  by_treatment: Type.Record(Type.String(), Type.Integer(), { description: 'households per treatment' }),
  superseded: Type.Integer({ description: 'earlier current decisions this application replaced' }),
  cooperatives: CooperativeAssignmentSchema,
});

/** `POST /policies/apply`: counts only, never rows of people. */
export function presentApplyResult(r: ApplyResult): Static<typeof ApplyResultSchema> {
  return {
    application_id: r.application_id,
    policy: { id: r.policy.id, version: r.policy.version, stored_id: r.policy.stored_id },
    effective: r.effective,
    region: r.region,
    households: r.households,
    by_treatment: r.by_treatment,
    superseded: r.superseded,
    cooperatives: presentAssignment(r.cooperatives),
  };
}

export function presentAssignment(
  c: ApplyResult['cooperatives'],
): Static<typeof CooperativeAssignmentSchema> {
  return {
    village: c.village,
    district_nearest: c.district_nearest,
    none: c.none,
    capacity_warnings: c.capacity_warnings.map((w) => ({
      cooperative_id: w.cooperative_id,
      registration_no: w.registration_no,
      name: w.name,
      village_code: w.village_code,
      capacity: w.capacity,
      members: w.members,
      assigned: w.assigned,
      over_by: w.over_by,
    })),
  };
}

export const ExplainedDecisionSchema = Type.Object({
  decision_id: Type.Integer(),
  application_id: Type.Integer(),
  effective: Type.String({ format: 'date' }),
  applied_at: Type.String({ format: 'date-time' }),
  policy: Type.Object({ id: Type.String(), version: Type.Integer() }),
  treatment: Type.String(),
  treatment_label: Nullable(Bilingual),
  rule: Nullable(Type.Object({ index: Type.Integer(), id: Type.String() })),
  reason: Nullable(Bilingual),
  inputs: Type.Record(Type.String(), Type.Unknown(), { description: 'the household facts the rule read' }),
  errors: Type.Unknown({ description: 'rule evaluation errors, if any' }),
  cooperative: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), match: Type.String() })),
  current: Type.Boolean(),
  superseded_by: Nullable(Type.Integer()),
  text: Bilingual,
});

export const ExplainedDecisionListSchema = Type.Object({ items: Type.Array(ExplainedDecisionSchema) });

/** `GET /households/:id/decisions`: each decision with the rule that fired and the inputs it read. */
export function presentDecisions(items: ExplainedDecision[]): Static<typeof ExplainedDecisionListSchema> {
  return {
    items: items.map((d) => ({
      decision_id: d.decision_id,
      application_id: d.application_id,
      effective: d.effective,
      applied_at: d.applied_at,
      policy: { id: d.policy.id, version: d.policy.version },
      treatment: d.treatment,
      treatment_label: d.treatment_label,
      rule: d.rule,
      reason: d.reason,
      inputs: d.inputs,
      errors: d.errors,
      cooperative: d.cooperative,
      current: d.current,
      superseded_by: d.superseded_by,
      text: d.text,
    })),
  };
}
