import type { Migration } from '../migration.js';

/**
 * Faster indicator refresh (docs/INDICATORS.md, "Storage and refresh"):
 *
 * - `indicator_values` is partitioned by indicator. A full refresh of an indicator writes its rows into a new
 *   table without indexes, and swaps it in for the indicator's partition (indexes built once, sorted, at the
 *   attach; the old rows dropped with their table instead of deleted row by row). Rows of indicators never fully
 *   refreshed since this migration sit in the default partition until their first full refresh.
 * - `region_code` compares byte by byte (collation "C"), so one region's subtree is a range of the primary key
 *   (codes starting with `PP.RR` lie between `PP.RR` and `PP.RR/`) whatever the database's collation: a regional
 *   refresh deletes its subtree through the index instead of scanning every row of the indicator.
 *
 * Copies the stored rows once.
 */
export const indicatorValuesPartitionsMigration: Migration = {
  name: '0970-indicator-values-partitions',
  up: (tx) =>
    tx.exec(`
ALTER TABLE indicator_values RENAME TO indicator_values_0730;
ALTER INDEX indicator_values_pkey RENAME TO indicator_values_0730_pkey;
ALTER INDEX indicator_values_children_idx RENAME TO indicator_values_0730_children_idx;
CREATE TABLE indicator_values (
  indicator_id    text NOT NULL,
  version         integer NOT NULL,
  period          text NOT NULL,
  region_level    smallint NOT NULL CHECK (region_level BETWEEN 0 AND 4),
  region_code     text COLLATE "C" NOT NULL,
  parent_code     text,
  province_code   text NOT NULL,
  disaggregation  text NOT NULL DEFAULT '',
  category        text NOT NULL DEFAULT '',
  numerator       double precision NOT NULL,
  denominator     double precision,
  refreshed_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (indicator_id, version, region_code, period, disaggregation, category)
) PARTITION BY LIST (indicator_id);
CREATE INDEX indicator_values_children_idx
  ON indicator_values (indicator_id, version, parent_code, period, disaggregation);
CREATE TABLE indicator_values_default PARTITION OF indicator_values DEFAULT;
INSERT INTO indicator_values (indicator_id, version, period, region_level, region_code, parent_code, province_code,
                              disaggregation, category, numerator, denominator, refreshed_at)
  SELECT indicator_id, version, period, region_level, region_code, parent_code, province_code,
         disaggregation, category, numerator, denominator, refreshed_at
  FROM indicator_values_0730;
DROP TABLE indicator_values_0730;
`),
};
