import type { Migration } from '../migration.js';

/**
 * `indicator_values.region_code` compared byte by byte (collation "C"), so the rows of one region's subtree are a
 * range of the primary key (codes starting with `PP.RR` lie between `PP.RR` and `PP.RR/`) whatever the database's
 * collation: a regional refresh deletes its subtree through the index instead of scanning every row of the
 * indicator (docs/INDICATORS.md, "Storage and refresh"). Equality reads are unchanged. Rewrites the table and its
 * primary key once.
 */
export const indicatorRegionCollationMigration: Migration = {
  name: '0970-indicator-region-collation',
  up: (tx) => tx.exec(`ALTER TABLE indicator_values ALTER COLUMN region_code TYPE text COLLATE "C";`),
};
