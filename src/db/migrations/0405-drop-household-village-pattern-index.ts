import type { Migration } from '../migration.js';

/**
 * households_village_idx (village_code text_pattern_ops) served `village_code LIKE '33.74.%'`; every region
 * filter on households now goes through householdRegionCondition and the (prefix, id) indexes of 0402, and
 * (village_code, id) serves exact villages. The index only cost time on each household written (about a
 * tenth of the households insert of a national DTSEN load).
 */
export const dropHouseholdVillagePatternIndexMigration: Migration = {
  name: '0405-drop-household-village-pattern-index',
  up: (tx) => tx.exec(`DROP INDEX households_village_idx`),
};
