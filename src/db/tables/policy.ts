import type { Generated } from 'kysely';
import type { CreatedAt, DateText, JsonDefault } from './core.js';

export interface PoliciesTable {
  id: Generated<number>;
  policy_id: string;
  version: number;
  as_of: DateText;
  content: string;
  content_hash: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface PolicyApplicationsTable {
  id: Generated<number>;
  policy_row_id: number;
  effective: DateText;
  region_code: string | null;
  households: Generated<number>;
  summary: JsonDefault<Record<string, unknown>>;
  applied_by: string | null;
  applied_at: CreatedAt;
}

export interface PolicyDecisionsTable {
  id: Generated<number>;
  /** The household's province (migration 0910): part of the key, the distribution column on Citus. */
  province_code: string;
  application_id: number;
  household_id: number;
  treatment: string;
  rule_index: number | null;
  rule_id: string | null;
  inputs: JsonDefault<Record<string, unknown>>;
  errors: unknown;
  cooperative_id: number | null;
  cooperative_match: 'village' | 'district_nearest' | 'none' | null;
  effective: DateText;
  superseded_by: number | null;
}

export interface VillageProfilesTable {
  village_code: string;
  main_livelihoods: Generated<string[]>;
  commodities: Generated<string[]>;
  has_market: boolean | null;
  market_distance_km: number | null;
  road_access: string | null;
  has_electricity: boolean | null;
  has_internet: boolean | null;
  bumdes_count: number | null;
  bumdes_active: boolean | null;
  cooperative_readiness: number | null;
  notes: string | null;
  updated_by: string | null;
  updated_at: CreatedAt;
}

export interface VillageProfileHistoryTable {
  id: Generated<number>;
  village_code: string;
  profile: JsonDefault<Record<string, unknown>>;
  replaced_by: string | null;
  replaced_at: CreatedAt;
}

export interface PolicyTables {
  policies: PoliciesTable;
  policy_applications: PolicyApplicationsTable;
  policy_decisions: PolicyDecisionsTable;
  village_profiles: VillageProfilesTable;
  village_profile_history: VillageProfileHistoryTable;
}
