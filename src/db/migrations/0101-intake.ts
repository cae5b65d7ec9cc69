import type { Migration } from '../migration.js';

/**
 * Intake bookkeeping: per-row warnings of a batch, the prior state of every row a batch updated (so
 * `batch revert` restores it exactly), and the membership of each household snapshot (graduation history).
 */
export const intakeMigration: Migration = {
  name: '0101-intake',
  up: (tx) =>
    tx.exec(`
CREATE TABLE intake_warnings (
  batch_id    bigint NOT NULL REFERENCES source_batches(id) ON DELETE CASCADE,
  line        integer NOT NULL,               -- line (CSV) or row (XLSX) in the source file; header = 1
  field       text NOT NULL,
  value       text,
  code        text NOT NULL,
  message     text NOT NULL,
  message_id  text NOT NULL
);
CREATE INDEX intake_warnings_batch_idx ON intake_warnings (batch_id, line);

-- The row as it was before a batch changed it (to_jsonb of the whole row); revert restores it.
CREATE TABLE intake_prior_rows (
  batch_id    bigint NOT NULL REFERENCES source_batches(id) ON DELETE CASCADE,
  table_name  text NOT NULL CHECK (table_name IN ('households', 'persons', 'cooperatives', 'cooperative_members')),
  row_id      bigint NOT NULL,
  data        jsonb NOT NULL,
  PRIMARY KEY (batch_id, table_name, row_id)
);

-- Who belonged to the household in this snapshot (persons.id), so membership history survives updates.
ALTER TABLE household_snapshots ADD COLUMN member_ids bigint[] NOT NULL DEFAULT '{}';
`),
};
