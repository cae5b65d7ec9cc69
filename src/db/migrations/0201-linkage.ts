import type { Migration } from '../migration.js';

/**
 * Linkage runs (settings, trained model, blocking cost, quality figures), the clerical review queue of pairs
 * between the two thresholds, and review decisions, which later runs reuse (keyed by the records' keys, so
 * a decision outlives the run that raised it).
 */
export const linkageMigration: Migration = {
  name: '0201-linkage',
  up: (tx) =>
    tx.exec(`
CREATE TABLE linkage_runs (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind             text NOT NULL CHECK (kind IN ('link', 'dedupe')),
  left_source      text NOT NULL,
  right_source     text,
  settings         jsonb NOT NULL,
  model            jsonb NOT NULL,              -- m/u per field and level, prior, EM runs
  blocking         jsonb NOT NULL,              -- pairs per blocking rule
  quality          jsonb,                       -- precision/recall/F1 when a truth was available
  candidate_pairs  bigint NOT NULL,
  matches          bigint NOT NULL,
  review           bigint NOT NULL,
  started_at       timestamptz NOT NULL,
  finished_at      timestamptz NOT NULL DEFAULT now(),
  run_by           text
);

CREATE TABLE linkage_review_queue (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id             bigint NOT NULL REFERENCES linkage_runs(id) ON DELETE CASCADE,
  left_key           text NOT NULL,
  right_key          text NOT NULL,
  match_probability  double precision NOT NULL,
  explanation        jsonb NOT NULL,            -- field → contribution in bits
  UNIQUE (run_id, left_key, right_key)
);
CREATE INDEX linkage_review_queue_pair ON linkage_review_queue (left_key, right_key);

CREATE TABLE linkage_decisions (
  left_key    text NOT NULL,
  right_key   text NOT NULL,
  decision    text NOT NULL CHECK (decision IN ('match', 'non_match')),
  note        text,
  decided_by  text NOT NULL,
  decided_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (left_key, right_key)
);
`),
};
