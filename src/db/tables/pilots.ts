import type { Generated } from 'kysely';
import type { CreatedAt, DateText, Json, JsonDefault } from './core.js';

export type FunnelStateColumn =
  | 'identified'
  | 'contacted'
  | 'consented'
  | 'registered'
  | 'paid_pokok'
  | 'active'
  | 'declined'
  | 'unreachable'
  | 'ineligible'
  | 'withdrawn';

/** pilot_clusters.baseline: a cluster's baseline covariates (computed by src/pilots/cluster-strata.ts). */
export interface ClusterBaselineColumn {
  share_decile_1_2: number | null;
  household_size: number | null;
  share_female_headed: number | null;
  recipients: number;
  cooperative_presence: number;
}

/** One covariate of a balance table (src/pilots/design/balance.ts). */
export interface BalanceRowColumn {
  covariate: string;
  n_treatment: number;
  n_control: number;
  mean_treatment: number | null;
  mean_control: number | null;
  sd_treatment: number | null;
  sd_control: number | null;
  pooled_sd: number | null;
  smd: number | null;
  warning: boolean;
}

/** A treated cluster and the comparison cluster matched to it (non-randomised design). */
export interface MatchedPairColumn {
  treated: string;
  control: string;
  stratum: string;
  distance: number;
}

/** pilot_randomizations.summary: counts per stratum and wave, the balance table, and for a matching its pairs. */
export interface RandomizationSummaryColumn {
  strata: { stratum: string; clusters: number; treated: number; control: number; waves: number[] }[];
  treated: number;
  control: number;
  balance: BalanceRowColumn[];
  matching?: {
    covariates: string[];
    pairs: MatchedPairColumn[];
    unmatched: string[];
    balance_before: BalanceRowColumn[];
  };
}

export interface PilotsTable {
  id: Generated<number>;
  name: string;
  region_code: string;
  policy_row_id: number | null;
  design: 'randomized' | 'stepped_wedge' | 'non_randomized';
  cluster_kind: Generated<'village' | 'cooperative'>;
  treated_share: Generated<string>;
  wave_count: Generated<number>;
  comparison_method: string | null;
  member_treatments: string[];
  status: Generated<'draft' | 'published' | 'closed'>;
  created_by: string;
  created_at: CreatedAt;
}

export interface PilotClustersTable {
  id: Generated<number>;
  pilot_id: number;
  province_code: string;
  cluster_key: string;
  village_code: string;
  cooperative_id: number | null;
  stratum: Generated<string>;
  baseline: JsonDefault<ClusterBaselineColumn>;
}

export interface PilotWavesTable {
  id: Generated<number>;
  pilot_id: number;
  wave_no: number;
  starts_on: DateText;
  ends_on: DateText | null;
  opened_at: Date | null;
  opened_by: string | null;
}

export interface PilotRandomizationsTable {
  id: Generated<number>;
  pilot_id: number;
  algorithm: string;
  code_version: string;
  seed: string;
  input_sha256: string;
  output_sha256: string;
  summary: Json<RandomizationSummaryColumn>;
  status: Generated<'draft' | 'published' | 'discarded' | 'superseded'>;
  supersedes: number | null;
  reason: string | null;
  created_by: string;
  created_at: CreatedAt;
  published_by: string | null;
  published_at: Date | null;
}

export interface PilotAssignmentsTable {
  randomization_id: number;
  cluster_id: number;
  province_code: string;
  arm: 'treatment' | 'control';
  wave_no: number | null;
}

export interface PilotEnrolmentsTable {
  id: Generated<number>;
  pilot_id: number;
  cluster_id: number;
  wave_no: number;
  province_code: string;
  village_code: string;
  household_id: number;
  person_id: number;
  cooperative_id: number | null;
  cooperative_match: string | null;
  treatment: string;
  state: Generated<FunnelStateColumn>;
  version: Generated<number>;
  facilitator: string | null;
  state_at: Generated<Date>;
  created_at: CreatedAt;
}

export interface PilotEnrolmentEventsTable {
  id: Generated<number>;
  enrolment_id: number;
  province_code: string;
  from_state: FunnelStateColumn | null;
  to_state: FunnelStateColumn;
  version: number;
  occurred_at: Date;
  recorded_at: CreatedAt;
  actor: string;
  facilitator: string | null;
  place: string | null;
  note: string | null;
}

export interface FacilitatorVillagesTable {
  id: Generated<number>;
  user_id: number;
  province_code: string;
  village_code: string;
  assigned_by: string;
  assigned_at: CreatedAt;
  ended_at: Date | null;
}

export interface PilotVisitsTable {
  id: Generated<number>;
  enrolment_id: number;
  province_code: string;
  visited_on: DateText;
  outcome: 'met' | 'not_home' | 'moved' | 'refused' | 'rescheduled';
  next_visit_on: DateText | null;
  facilitator: string;
  note: string | null;
  recorded_at: CreatedAt;
}

export type VerificationKindColumn = 'moved' | 'deceased' | 'new_member' | 'disability' | 'decile_wrong';

export interface VerificationProposalsTable {
  id: Generated<number>;
  province_code: string;
  village_code: string;
  household_id: number;
  person_id: number | null;
  kind: VerificationKindColumn;
  proposed: JsonDefault<Record<string, unknown>>;
  current_values: JsonDefault<Record<string, unknown>>;
  evidence: string;
  documents: Generated<string[]>;
  status: Generated<'proposed' | 'accepted' | 'rejected'>;
  proposed_by: string;
  proposed_at: CreatedAt;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_reason: string | null;
  deliberation_ref: string | null;
  batch_id: number | null;
}

export interface PilotTables {
  pilots: PilotsTable;
  pilot_clusters: PilotClustersTable;
  pilot_waves: PilotWavesTable;
  pilot_randomizations: PilotRandomizationsTable;
  pilot_assignments: PilotAssignmentsTable;
  pilot_enrolments: PilotEnrolmentsTable;
  pilot_enrolment_events: PilotEnrolmentEventsTable;
  facilitator_villages: FacilitatorVillagesTable;
  pilot_visits: PilotVisitsTable;
  verification_proposals: VerificationProposalsTable;
}
