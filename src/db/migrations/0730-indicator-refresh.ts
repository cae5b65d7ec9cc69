import type { Migration } from '../migration.js';

/**
 * Faster indicator refresh and regional staleness (docs/INDICATORS.md, "Storage and refresh").
 *
 * - `indicator_values` loses its foreign key to `indicator_definitions` (checked once per row written: a quarter
 *   of the insert time; the refresh records the version before writing, and reads only ask for recorded
 *   versions) and the province index (no read or refresh uses it since refreshes stopped reading stored rows
 *   back level by level).
 * - Staleness is per regency: `indicator_refreshes.source_mark` now holds watermarks (JSON: highest ids and batch
 *   read per source table, and the global inputs); see indicators/source-watermarks.ts.
 */
export const indicatorRefreshMigration: Migration = {
  name: '0730-indicator-refresh',
  up: (tx) =>
    tx.exec(`
ALTER TABLE indicator_values DROP CONSTRAINT indicator_values_indicator_id_version_fkey;
DROP INDEX indicator_values_province_idx;
`),
};
