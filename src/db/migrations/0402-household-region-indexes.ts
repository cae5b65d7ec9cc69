import type { Migration } from '../migration.js';

/**
 * Keyset pages of households inside a region: one (region prefix, id) index per level, so
 * `WHERE left(village_code, 5) = '53.01' AND id > $cursor ORDER BY id LIMIT 51` reads exactly one page of the
 * index instead of walking the whole table in id order (see regions/region-condition.ts householdRegionCondition).
 */
export const householdRegionIndexesMigration: Migration = {
  name: '0402-household-region-indexes',
  up: (tx) =>
    tx.exec(`
CREATE INDEX households_province_id_idx ON households ((left(village_code, 2)), id);
CREATE INDEX households_regency_id_idx ON households ((left(village_code, 5)), id);
CREATE INDEX households_district_id_idx ON households ((left(village_code, 8)), id);
CREATE INDEX households_village_id_idx ON households (village_code, id);
`),
};
