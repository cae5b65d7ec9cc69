import type { Migration } from '../migration.js';

/**
 * Targeting policies, their applications and the per-household decisions (append-only: a newer application
 * supersedes a decision, nothing is deleted), and village profiles (profil desa) that rules and the village
 * ranking read.
 */
export const policyMigration: Migration = {
  name: '0301-policy',
  up: (tx) =>
    tx.exec(`
CREATE TABLE policies (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  policy_id     text NOT NULL,                -- the file's id, e.g. kopdes-default
  version       integer NOT NULL,
  as_of         date NOT NULL,
  content       text NOT NULL,                -- the YAML exactly as applied
  content_hash  text NOT NULL,                -- sha256 of content: one version, one text
  created_by    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (policy_id, version)
);

CREATE TABLE policy_applications (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  policy_row_id bigint NOT NULL REFERENCES policies(id),
  effective     date NOT NULL,
  region_code   text,                         -- null: the whole country
  households    integer NOT NULL DEFAULT 0,
  summary       jsonb NOT NULL DEFAULT '{}',
  applied_by    text,
  applied_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE policy_decisions (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  application_id     bigint NOT NULL REFERENCES policy_applications(id),
  household_id       bigint NOT NULL REFERENCES households(id) ON DELETE CASCADE,
  treatment          text NOT NULL,
  rule_index         smallint,                -- 0-based position in the file; null = the policy default
  rule_id            text,
  inputs             jsonb NOT NULL DEFAULT '{}',
  errors             jsonb,
  cooperative_id     bigint REFERENCES cooperatives(id) ON DELETE SET NULL,
  cooperative_match  text CHECK (cooperative_match IN ('village', 'district_nearest', 'none')),
  effective          date NOT NULL,
  superseded_by      bigint REFERENCES policy_applications(id)
);
CREATE INDEX policy_decisions_household_idx ON policy_decisions (household_id, id);
CREATE INDEX policy_decisions_application_idx ON policy_decisions (application_id);
CREATE INDEX policy_decisions_current_idx ON policy_decisions (household_id) WHERE superseded_by IS NULL;

CREATE TABLE village_profiles (
  village_code           text PRIMARY KEY REFERENCES regions(code),
  main_livelihoods       text[] NOT NULL DEFAULT '{}',
  commodities            text[] NOT NULL DEFAULT '{}',
  has_market             boolean,
  market_distance_km     double precision CHECK (market_distance_km >= 0),
  road_access            text,
  has_electricity        boolean,
  has_internet           boolean,
  bumdes_count           integer CHECK (bumdes_count >= 0),
  bumdes_active          boolean,
  cooperative_readiness  smallint CHECK (cooperative_readiness BETWEEN 0 AND 5),
  notes                  text,
  updated_by             text,
  updated_at             timestamptz NOT NULL DEFAULT now()
);

-- Every earlier state of a profile, so refinements over time stay visible.
CREATE TABLE village_profile_history (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  village_code  text NOT NULL REFERENCES regions(code),
  profile       jsonb NOT NULL,
  replaced_by   text,
  replaced_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX village_profile_history_code_idx ON village_profile_history (village_code, id);
`),
};
