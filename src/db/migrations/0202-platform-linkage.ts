import type { Migration } from '../migration.js';

/**
 * Linkage of the platform's own tables (`entas link run`): entity keys and household links for cooperative
 * members. Every DTSEN person gets an entity key (persons.entity_id, from linkage_entity_seq) that it keeps for
 * good; a recipient or member row linked to a person joins that person's entity. linkage_entity_records lists
 * every record of every entity with the run that put it there, so one query finds a person across sources.
 */
export const platformLinkageMigration: Migration = {
  name: '0202-platform-linkage',
  up: (tx) =>
    tx.exec(`
ALTER TABLE cooperative_members ADD COLUMN household_id bigint REFERENCES households(id) ON DELETE SET NULL;
CREATE INDEX cooperative_members_household_idx ON cooperative_members (household_id);

CREATE SEQUENCE linkage_entity_seq;

CREATE TABLE linkage_entity_records (
  record_table       text NOT NULL CHECK (record_table IN ('persons', 'program_enrolments', 'cooperative_members')),
  record_id          bigint NOT NULL,
  entity_id          bigint NOT NULL,
  run_id             bigint REFERENCES linkage_runs(id) ON DELETE SET NULL,
  match_probability  double precision,          -- NULL for the reference records (persons)
  reviewed           boolean NOT NULL DEFAULT false,  -- linked by a clerical decision
  linked_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (record_table, record_id)
);
CREATE INDEX linkage_entity_records_entity_idx ON linkage_entity_records (entity_id);
CREATE INDEX linkage_entity_records_run_idx ON linkage_entity_records (run_id);
`),
};
