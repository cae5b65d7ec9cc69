import type { Migration } from '../migration.js';

/**
 * Monitoring indicators (docs/INDICATORS.md). `indicator_definitions` keeps every version of every definition
 * (a changed definition gets the next version; stored values of older versions are never rewritten).
 * `indicator_values` holds numerator and denominator per region node (level 0 national, 1 province … 4 village),
 * period and disaggregation category, so a dashboard read is one index lookup and parents are the sums of their
 * children. `indicator_refreshes` records what each refresh saw of the source tables (the stale marker).
 */
export const indicatorsMigration: Migration = {
  name: '0700-indicators',
  up: (tx) =>
    tx.exec(`
CREATE TABLE indicator_definitions (
  indicator_id  text NOT NULL CHECK (indicator_id ~ '^[a-z][a-z0-9_]{1,62}$'),
  version       integer NOT NULL CHECK (version >= 1),
  set_name      text NOT NULL,
  definition    jsonb NOT NULL,
  content_hash  text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (indicator_id, version)
);
CREATE UNIQUE INDEX indicator_definitions_hash_uq ON indicator_definitions (indicator_id, content_hash);

CREATE TABLE indicator_values (
  indicator_id    text NOT NULL,
  version         integer NOT NULL,
  period          text NOT NULL,                -- 2026-05 | 2026Q2 | 2026
  region_level    smallint NOT NULL CHECK (region_level BETWEEN 0 AND 4),
  region_code     text NOT NULL,                -- '' for the nation
  parent_code     text,                         -- NULL for the nation, '' for provinces
  province_code   text NOT NULL,                -- '' for the nation: lets a province be refreshed or read alone
  disaggregation  text NOT NULL DEFAULT '',     -- '' = total, else the disaggregation's id
  category        text NOT NULL DEFAULT '',     -- its value ('P', '3', 'PKH', 'unknown')
  numerator       double precision NOT NULL,
  denominator     double precision,             -- NULL for counts and sums without a denominator
  refreshed_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (indicator_id, version, region_code, period, disaggregation, category),
  FOREIGN KEY (indicator_id, version) REFERENCES indicator_definitions (indicator_id, version)
);
CREATE INDEX indicator_values_children_idx
  ON indicator_values (indicator_id, version, parent_code, period, disaggregation);
CREATE INDEX indicator_values_province_idx ON indicator_values (indicator_id, version, province_code, region_level);

CREATE TABLE indicator_refreshes (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  indicator_id  text NOT NULL,
  version       integer NOT NULL,
  region_code   text NOT NULL,                  -- '' = everything; else the regency refreshed
  source_mark   text NOT NULL,                  -- what the source tables looked like (see indicators/source-mark.ts)
  rows_written  integer NOT NULL,
  duration_ms   integer NOT NULL,
  refreshed_by  text,
  refreshed_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (indicator_id, version) REFERENCES indicator_definitions (indicator_id, version)
);
CREATE INDEX indicator_refreshes_latest_idx ON indicator_refreshes (indicator_id, version, id DESC);
`),
};
