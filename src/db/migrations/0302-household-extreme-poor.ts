import type { Migration } from '../migration.js';

/**
 * households.extreme_poor: the DTSEN/P3KE "miskin ekstrem" flag, read from the household's socio document
 * (intake stores it there as `miskin_ekstrem`, so merge, snapshot and revert carry it unchanged). Generated,
 * so it can never disagree with the document; null when the extract did not say.
 */
export const householdExtremePoorMigration: Migration = {
  name: '0302-household-extreme-poor',
  up: (tx) =>
    tx.exec(`
ALTER TABLE households
  ADD COLUMN extreme_poor boolean GENERATED ALWAYS AS ((socio->>'miskin_ekstrem')::boolean) STORED;
`),
};
