import { Type } from 'typebox';
import type { EnrolmentEvent } from '../../access/enrolment-access.js';
import type { Page } from '../../access/pagination.js';
import type { PilotSummary } from '../../access/pilot-access.js';
import type { EnrolmentRecord } from '../../pilots/enrolment/enrolment-service.js';
import { FUNNEL_EXITS, FUNNEL_STEPS } from '../../pilots/enrolment/funnel.js';
import type { FunnelSummary } from '../../pilots/enrolment/funnel-summary.js';
import type { VisitRecord } from '../../pilots/enrolment/visit-log.js';
import type { WorkListRow } from '../../pilots/enrolment/work-list.js';
import type { AssignmentRow, PilotRecord, RandomizationRecord } from '../../pilots/pilot-service.js';
import { Nullable, pageOf } from '../schemas.js';

const DateTime = Type.String({ format: 'date-time' });
const iso = (d: Date | null) => (d === null ? null : d.toISOString());
const BilingualSchema = Type.Object({ en: Type.String(), id: Type.String() });

export const PilotSummarySchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  region_code: Type.String(),
  design: Type.String({ description: 'randomized | stepped_wedge | non_randomized' }),
  status: Type.String({ description: 'draft | published | closed' }),
  wave_count: Type.Integer(),
  created_at: DateTime,
});
export const PilotPageSchema = pageOf(PilotSummarySchema);

const StratumSchema = Type.Object({
  stratum: Type.String(),
  clusters: Type.Integer(),
  treated: Type.Integer(),
  control: Type.Integer(),
  waves: Type.Array(Type.Integer()),
});
export const BalanceRowSchema = Type.Object({
  covariate: Type.String(),
  n_treatment: Type.Integer(),
  n_control: Type.Integer(),
  mean_treatment: Nullable(Type.Number()),
  mean_control: Nullable(Type.Number()),
  sd_treatment: Nullable(Type.Number()),
  sd_control: Nullable(Type.Number()),
  pooled_sd: Nullable(Type.Number()),
  smd: Nullable(Type.Number({ description: 'standardised mean difference, treatment − control' })),
  warning: Type.Boolean({ description: '|SMD| > 0.1 or not computable' }),
});
export const RandomizationSchema = Type.Object({
  id: Type.Integer(),
  status: Type.String({ description: 'draft | published | discarded | superseded' }),
  algorithm: Type.String(),
  code_version: Type.String(),
  seed: Type.String(),
  input_sha256: Type.String(),
  output_sha256: Type.String(),
  supersedes: Nullable(Type.Integer()),
  reason: Nullable(Type.String()),
  created_by: Type.String(),
  created_at: DateTime,
  published_by: Nullable(Type.String()),
  published_at: Nullable(DateTime),
  treated: Type.Integer(),
  control: Type.Integer(),
  strata: Type.Array(StratumSchema),
  matching: Nullable(
    Type.Object(
      {
        covariates: Type.Array(Type.String()),
        pairs: Type.Array(
          Type.Object({
            treated: Type.String(),
            control: Type.String(),
            stratum: Type.String(),
            distance: Type.Number({ description: 'Euclidean distance of the standardised covariates' }),
          }),
        ),
        unmatched: Type.Array(Type.String(), {
          description: 'treated clusters whose stratum had no comparison left',
        }),
      },
      { description: 'non-randomised design: the comparison clusters matched to the treated ones' },
    ),
  ),
});
export const PilotDetailSchema = Type.Object({
  ...PilotSummarySchema.properties,
  cluster_kind: Type.String({ description: 'village | cooperative' }),
  treated_share: Type.String(),
  policy: Nullable(Type.Object({ policy_id: Type.String(), version: Type.Integer() })),
  member_treatments: Type.Array(Type.String()),
  comparison_method: Nullable(Type.String()),
  clusters: Type.Integer(),
  created_by: Type.String(),
  waves: Type.Array(
    Type.Object({
      wave_no: Type.Integer(),
      starts_on: Type.String(),
      ends_on: Nullable(Type.String()),
      opened_at: Nullable(DateTime),
    }),
  ),
  randomization: Nullable(RandomizationSchema),
});
export const AssignmentsSchema = Type.Object({
  randomization: Nullable(RandomizationSchema),
  clusters: Type.Array(
    Type.Object({
      cluster_key: Type.String(),
      village_code: Type.String(),
      stratum: Type.String(),
      arm: Type.String({ description: 'treatment | control' }),
      wave_no: Nullable(Type.Integer()),
    }),
  ),
});
export const BalanceSchema = Type.Object({
  randomization_id: Nullable(Type.Integer()),
  rows: Type.Array(BalanceRowSchema, {
    description: 'by arm; for a matching, of the matched pairs',
  }),
  before_matching: Nullable(
    Type.Array(BalanceRowSchema, { description: 'matching: all treated clusters against the whole pool' }),
  ),
});
export const WaveOpenedSchema = Type.Object({
  wave_no: Type.Integer(),
  clusters: Type.Integer({ description: 'treatment clusters of the wave' }),
  identified: Type.Integer({ description: 'enrolments created' }),
});

export const EnrolmentSchema = Type.Object({
  id: Type.Integer(),
  pilot_id: Type.Integer(),
  wave_no: Type.Integer(),
  village_code: Type.String(),
  household_id: Type.Integer(),
  person_id: Type.Integer(),
  cooperative_id: Nullable(Type.Integer()),
  treatment: Type.String(),
  state: Type.String(),
  version: Type.Integer({ description: 'send it back as expected_version with the next transition' }),
  facilitator: Nullable(Type.String()),
  state_at: DateTime,
  member_id: Nullable(Type.Integer()),
  member_no: Nullable(Type.String()),
});
export const EnrolmentPageSchema = pageOf(EnrolmentSchema);
export const EnrolmentDetailSchema = Type.Object({
  enrolment: EnrolmentSchema,
  history: Type.Array(
    Type.Object({
      from_state: Nullable(Type.String()),
      to_state: Type.String(),
      version: Type.Integer(),
      occurred_at: DateTime,
      actor: Type.String(),
      facilitator: Nullable(Type.String()),
      place: Nullable(Type.String()),
      note: Nullable(Type.String()),
    }),
  ),
});
export const ConflictSchema = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'version_conflict' }),
    message: Type.String(),
    message_id: Type.String(),
  }),
  current: EnrolmentSchema,
});
export const VisitSchema = Type.Object({
  id: Type.Integer(),
  enrolment_id: Type.Integer(),
  visited_on: Type.String(),
  outcome: Type.String(),
  next_visit_on: Nullable(Type.String()),
  facilitator: Type.String(),
  note: Nullable(Type.String()),
  recorded_at: DateTime,
});
export const WorkListSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      enrolment_id: Type.Integer(),
      version: Type.Integer(),
      pilot_id: Type.Integer(),
      wave_no: Type.Integer(),
      village_code: Type.String(),
      household_id: Type.Integer(),
      person_id: Type.Integer(),
      name: Type.String(),
      nik: Nullable(Type.String({ description: 'masked unless pii:read and a stated purpose' })),
      address: Nullable(
        Type.String({ description: 'masked (first word only) unless pii:read and a stated purpose' }),
      ),
      treatment: Type.String(),
      state: Type.String(),
      next_step: BilingualSchema,
      facilitator: Nullable(Type.String()),
      last_visit_on: Nullable(Type.String()),
      next_visit_on: Nullable(Type.String()),
    }),
  ),
});
export const FacilitatorVillageSchema = Type.Object({ user_id: Type.Integer(), village_code: Type.String() });

export const presentPilotSummary = (p: PilotSummary) => ({
  id: p.id,
  name: p.name,
  region_code: p.region_code,
  design: p.design,
  status: p.status,
  wave_count: p.wave_count,
  created_at: p.created_at.toISOString(),
});
export const presentPilotPage = (page: Page<PilotSummary>) => ({
  items: page.items.map(presentPilotSummary),
  next_cursor: page.nextCursor,
});

export function presentRandomization(r: RandomizationRecord) {
  return {
    id: r.id,
    status: r.status,
    algorithm: r.algorithm,
    code_version: r.code_version,
    seed: r.seed,
    input_sha256: r.input_sha256,
    output_sha256: r.output_sha256,
    supersedes: r.supersedes,
    reason: r.reason,
    created_by: r.created_by,
    created_at: r.created_at.toISOString(),
    published_by: r.published_by,
    published_at: iso(r.published_at),
    treated: r.summary.treated,
    control: r.summary.control,
    strata: r.summary.strata,
    matching:
      r.summary.matching === undefined
        ? null
        : {
            covariates: r.summary.matching.covariates,
            pairs: r.summary.matching.pairs,
            unmatched: r.summary.matching.unmatched,
          },
  };
}

export const presentBalance = (r: RandomizationRecord | null) => ({
  randomization_id: r?.id ?? null,
  rows: r?.summary.balance ?? [],
  before_matching: r?.summary.matching?.balance_before ?? null,
});

export function presentPilot(p: PilotRecord) {
  return {
    ...presentPilotSummary(p),
    cluster_kind: p.cluster_kind,
    treated_share: p.treated_share,
    policy: p.policy,
    member_treatments: p.member_treatments,
    comparison_method: p.comparison_method,
    clusters: p.clusters,
    created_by: p.created_by,
    waves: p.waves.map((w) => ({
      wave_no: w.wave_no,
      starts_on: w.starts_on,
      ends_on: w.ends_on,
      opened_at: iso(w.opened_at),
    })),
    randomization: p.randomization === null ? null : presentRandomization(p.randomization),
  };
}

export const presentAssignments = (a: {
  randomization: RandomizationRecord | null;
  clusters: AssignmentRow[];
}) => ({
  randomization: a.randomization === null ? null : presentRandomization(a.randomization),
  clusters: a.clusters.map((c) => ({
    cluster_key: c.cluster_key,
    village_code: c.village_code,
    stratum: c.stratum,
    arm: c.arm,
    wave_no: c.wave_no,
  })),
});

export const presentEnrolment = (e: EnrolmentRecord) => ({
  id: e.id,
  pilot_id: e.pilot_id,
  wave_no: e.wave_no,
  village_code: e.village_code,
  household_id: e.household_id,
  person_id: e.person_id,
  cooperative_id: e.cooperative_id,
  treatment: e.treatment,
  state: e.state,
  version: e.version,
  facilitator: e.facilitator,
  state_at: e.state_at.toISOString(),
  member_id: e.member_id,
  member_no: e.member_no,
});
export const presentEnrolmentPage = (page: Page<EnrolmentRecord>) => ({
  items: page.items.map(presentEnrolment),
  next_cursor: page.nextCursor,
});
export const presentEnrolmentDetail = (d: { enrolment: EnrolmentRecord; history: EnrolmentEvent[] }) => ({
  enrolment: presentEnrolment(d.enrolment),
  history: d.history.map((h) => ({ ...h, occurred_at: h.occurred_at.toISOString() })),
});
export const presentVisit = (v: VisitRecord) => ({ ...v, recorded_at: v.recorded_at.toISOString() });
export const presentWorkList = (rows: WorkListRow[]) => ({ items: rows.map((r) => ({ ...r })) });

export const EnrolmentFunnelSchema = Type.Object({
  total: Type.Integer({ description: 'enrolments in the funnel (every one was identified)' }),
  steps: Type.Array(
    Type.Object({
      state: Type.Union(FUNNEL_STEPS.map((s) => Type.Literal(s))),
      reached: Type.Integer({ description: 'enrolments that ever entered this step' }),
      now: Type.Integer({ description: 'enrolments in this step now' }),
      share: Nullable(Type.Number({ description: 'reached / total; null when the funnel is empty' })),
    }),
    {
      description:
        'the main path in order: identified → contacted → consented → registered → paid_pokok → active',
    },
  ),
  exits: Type.Array(
    Type.Object({
      state: Type.Union(FUNNEL_EXITS.map((s) => Type.Literal(s))),
      now: Type.Integer({ description: 'enrolments in this side exit now' }),
    }),
  ),
});

export function presentEnrolmentFunnel(f: FunnelSummary) {
  return {
    total: f.total,
    steps: f.steps.map((s) => ({ state: s.state, reached: s.reached, now: s.now, share: s.share })),
    exits: f.exits.map((e) => ({ state: e.state, now: e.now })),
  };
}
