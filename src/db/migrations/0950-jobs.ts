import type { Migration } from '../migration.js';

/**
 * Batch work as jobs on a queue in the database itself (docs/JOBS.md): a job is split into parts (one per
 * province, then job-wide stages), and any number of `entas worker` processes claim parts with
 * `FOR UPDATE SKIP LOCKED` under a lease they renew. A part whose lease runs out (its worker died) is claimed
 * again and resumes from its checkpoint. Both tables stay small (one row per job and per province), so on Citus
 * they remain ordinary tables on the coordinator.
 */
export const jobsMigration: Migration = {
  name: '0950-jobs',
  up: (tx) =>
    tx.exec(`
CREATE TABLE jobs (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind         text NOT NULL,
  params       jsonb NOT NULL,
  state        text NOT NULL DEFAULT 'queued'
               CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  result       jsonb,
  error        text,
  created_by   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  started_at   timestamptz,
  finished_at  timestamptz
);
CREATE INDEX jobs_state_idx ON jobs (state, id);

CREATE TABLE job_parts (
  job_id            bigint NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  part_key          text NOT NULL,      -- a province code, or a job-wide stage such as 'nation'
  stage             integer NOT NULL,   -- parts of a stage start when every earlier stage is done
  province_code     text NOT NULL,      -- '' for job-wide parts
  state             text NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'running', 'done', 'failed', 'cancelled')),
  attempts          integer NOT NULL DEFAULT 0,
  lease_owner       text,
  lease_expires_at  timestamptz,
  checkpoint        jsonb,
  progress_done     bigint NOT NULL DEFAULT 0,
  progress_total    bigint,
  result            jsonb,
  error             text,
  started_at        timestamptz,
  finished_at       timestamptz,
  PRIMARY KEY (job_id, part_key)
);
CREATE INDEX job_parts_open_idx ON job_parts (job_id, stage) WHERE state IN ('pending', 'running');
`),
};
