import type { Migration } from '../migration.js';

/**
 * Ground truth of the synthetic demo (`entas demo`), kept apart from the source rows so linkage cannot peek:
 * for every demo program enrolment, cooperative member and officer row, the person and household it really
 * is and the errors injected into it. Only for evaluating linkage and targeting on demo data.
 */
export const demoTruthMigration: Migration = {
  name: '0050-demo-truth',
  up: (tx) =>
    tx.exec(`
CREATE TABLE demo_truth (
  table_name    text NOT NULL CHECK (table_name IN ('program_enrolments', 'cooperative_members', 'cooperative_officers')),
  row_id        bigint NOT NULL,
  batch_id      bigint NOT NULL REFERENCES source_batches(id) ON DELETE CASCADE,
  person_id     bigint,                        -- persons.id the row really refers to
  household_id  bigint,                        -- households.id of that person
  errors        text[] NOT NULL DEFAULT '{}',  -- injected errors, e.g. {nik_missing,name_title}
  PRIMARY KEY (table_name, row_id)
);
CREATE INDEX demo_truth_batch_idx ON demo_truth (batch_id);
CREATE INDEX demo_truth_person_idx ON demo_truth (person_id);
`),
};
