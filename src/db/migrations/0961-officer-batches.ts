import type { Migration } from '../migration.js';

/**
 * Officers imported from a register file (intake profile `officers`, docs/INTAKE.md) carry the batch that wrote
 * them, so `entas import revert` removes them again; officers appointed through the API keep a null batch. A
 * register that updates an officer saves its prior state in `intake_prior_rows`, which now accepts the table.
 */
export const officerBatchesMigration: Migration = {
  name: '0961-officer-batches',
  // One statement per call: Citus forwards some DDL to its workers as the text it was sent, and a worker refuses
  // several commands in one.
  up: async (tx) => {
    for (const statement of [
      'ALTER TABLE cooperative_officers ADD COLUMN batch_id bigint REFERENCES source_batches(id)',
      'CREATE INDEX cooperative_officers_batch_idx ON cooperative_officers (batch_id)',
      'ALTER TABLE intake_prior_rows DROP CONSTRAINT intake_prior_rows_table_name_check',
      `ALTER TABLE intake_prior_rows ADD CONSTRAINT intake_prior_rows_table_name_check
  CHECK (table_name IN ('households', 'persons', 'cooperatives', 'cooperative_members', 'cooperative_officers'))`,
    ])
      await tx.exec(statement);
  },
};
