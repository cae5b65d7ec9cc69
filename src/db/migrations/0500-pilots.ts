import type { Migration } from '../migration.js';

/**
 * Pilots (issue 15): a pilot's clusters, waves, randomisations and assignments, the enrolment funnel with its
 * history, and facilitators' villages. Large tables carry `province_code` (first two digits of the village
 * code) so they can be partitioned or filtered by province without a join.
 *
 * A randomisation is immutable once published: `pilot_assignments` refuse UPDATE and DELETE outright (a new
 * draw is new rows under a new randomisation), and a randomisation row may only move draft → published,
 * draft → discarded or published → superseded (by a newer randomisation, with a reason); its seed, input and
 * summary never change. Enrolments change state only with a new `pilot_enrolment_events` row (append-only) and
 * a bumped `version` (optimistic locking).
 */
export const pilotsMigration: Migration = {
  name: '0500-pilots',
  up: (tx) =>
    tx.exec(`
CREATE TABLE pilots (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name               text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  region_code        text NOT NULL REFERENCES regions(code),   -- the region the clusters are drawn from
  policy_row_id      bigint REFERENCES policies(id),           -- whose decisions say who is eligible
  design             text NOT NULL CHECK (design IN ('randomized', 'stepped_wedge', 'non_randomized')),
  cluster_kind       text NOT NULL DEFAULT 'village' CHECK (cluster_kind IN ('village', 'cooperative')),
  treated_share      text NOT NULL DEFAULT '0.5' CHECK (treated_share ~ '^(0|1)?(\\.[0-9]{1,6})?$'),
  wave_count         smallint NOT NULL DEFAULT 1 CHECK (wave_count BETWEEN 1 AND 100),
  comparison_method  text,                                     -- non_randomized: how comparisons were matched
  member_treatments  text[] NOT NULL,                          -- decisions whose treatment makes a member
  status             text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'closed')),
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (design <> 'non_randomized' OR comparison_method IS NOT NULL)
);

CREATE TABLE pilot_clusters (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pilot_id        bigint NOT NULL REFERENCES pilots(id),
  province_code   text NOT NULL,
  cluster_key     text NOT NULL,                 -- village code, or the cooperative's registration number
  village_code    text NOT NULL REFERENCES regions(code),
  cooperative_id  bigint REFERENCES cooperatives(id),
  stratum         text NOT NULL DEFAULT '',
  baseline        jsonb NOT NULL DEFAULT '{}',   -- covariates for the balance table
  UNIQUE (pilot_id, cluster_key)
);
CREATE INDEX pilot_clusters_village_idx ON pilot_clusters (province_code, village_code);

CREATE TABLE pilot_waves (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pilot_id    bigint NOT NULL REFERENCES pilots(id),
  wave_no     smallint NOT NULL CHECK (wave_no >= 1),
  starts_on   date NOT NULL,
  ends_on     date,
  opened_at   timestamptz,
  opened_by   text,
  UNIQUE (pilot_id, wave_no),
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);

CREATE TABLE pilot_randomizations (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pilot_id       bigint NOT NULL REFERENCES pilots(id),
  algorithm      text NOT NULL,
  code_version   text NOT NULL,
  seed           text NOT NULL,
  input_sha256   text NOT NULL,
  output_sha256  text NOT NULL,
  summary        jsonb NOT NULL,                -- per-stratum and per-wave counts, balance table
  status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'discarded', 'superseded')),
  supersedes     bigint REFERENCES pilot_randomizations(id),
  reason         text,                          -- why a published assignment was superseded
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  published_by   text,
  published_at   timestamptz,
  CHECK (supersedes IS NULL OR reason IS NOT NULL)
);
CREATE INDEX pilot_randomizations_pilot_idx ON pilot_randomizations (pilot_id, id);
CREATE UNIQUE INDEX pilot_randomizations_published_uq ON pilot_randomizations (pilot_id) WHERE status = 'published';

CREATE TABLE pilot_assignments (
  randomization_id  bigint NOT NULL REFERENCES pilot_randomizations(id),
  cluster_id        bigint NOT NULL REFERENCES pilot_clusters(id),
  province_code     text NOT NULL,
  arm               text NOT NULL CHECK (arm IN ('treatment', 'control')),
  wave_no           smallint CHECK (wave_no >= 1),
  PRIMARY KEY (randomization_id, cluster_id)
);
CREATE INDEX pilot_assignments_cluster_idx ON pilot_assignments (cluster_id);

CREATE FUNCTION entas_refuse_pilot_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is immutable: % refused (supersede instead)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER pilot_assignments_immutable BEFORE UPDATE OR DELETE ON pilot_assignments
  FOR EACH ROW EXECUTE FUNCTION entas_refuse_pilot_change();
CREATE TRIGGER pilot_assignments_no_truncate BEFORE TRUNCATE ON pilot_assignments
  FOR EACH STATEMENT EXECUTE FUNCTION entas_refuse_pilot_change();

CREATE FUNCTION entas_guard_randomization() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'pilot_randomizations are kept: DELETE refused' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.pilot_id <> OLD.pilot_id OR NEW.algorithm <> OLD.algorithm OR NEW.code_version <> OLD.code_version
     OR NEW.seed <> OLD.seed OR NEW.input_sha256 <> OLD.input_sha256 OR NEW.output_sha256 <> OLD.output_sha256
     OR NEW.summary <> OLD.summary OR NEW.created_by <> OLD.created_by OR NEW.created_at <> OLD.created_at
     OR NEW.supersedes IS DISTINCT FROM OLD.supersedes THEN
    RAISE EXCEPTION 'a randomisation''s draw is immutable' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT ((OLD.status = 'draft' AND NEW.status IN ('published', 'discarded'))
       OR (OLD.status = 'published' AND NEW.status = 'superseded')) THEN
    RAISE EXCEPTION 'randomisation status % → % refused', OLD.status, NEW.status
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status = 'published' AND (NEW.published_at IS DISTINCT FROM OLD.published_at
     OR NEW.published_by IS DISTINCT FROM OLD.published_by) THEN
    RAISE EXCEPTION 'a published randomisation''s record is immutable' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER pilot_randomizations_guard BEFORE UPDATE OR DELETE ON pilot_randomizations
  FOR EACH ROW EXECUTE FUNCTION entas_guard_randomization();

CREATE TABLE pilot_enrolments (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pilot_id        bigint NOT NULL REFERENCES pilots(id),
  cluster_id      bigint NOT NULL REFERENCES pilot_clusters(id),
  wave_no         smallint NOT NULL,
  province_code   text NOT NULL,
  village_code    text NOT NULL,
  household_id    bigint NOT NULL REFERENCES households(id) ON DELETE CASCADE,
  person_id       bigint NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
  cooperative_id  bigint REFERENCES cooperatives(id),   -- the household's assigned Kopdes (policy decision)
  cooperative_match text,                               -- village | district_nearest (decision)
  treatment       text NOT NULL,                        -- the decision's treatment
  state           text NOT NULL DEFAULT 'identified' CHECK (state IN ('identified', 'contacted', 'consented',
                    'registered', 'paid_pokok', 'active', 'declined', 'unreachable', 'ineligible', 'withdrawn')),
  version         integer NOT NULL DEFAULT 1,
  facilitator     text,
  state_at        timestamptz NOT NULL DEFAULT now(),
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (pilot_id, person_id)
);
CREATE INDEX pilot_enrolments_village_idx ON pilot_enrolments (province_code, village_code, state);
CREATE INDEX pilot_enrolments_household_idx ON pilot_enrolments (household_id);
CREATE INDEX pilot_enrolments_person_idx ON pilot_enrolments (person_id);
CREATE INDEX pilot_enrolments_coop_idx ON pilot_enrolments (cooperative_id);

CREATE TABLE pilot_enrolment_events (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enrolment_id   bigint NOT NULL REFERENCES pilot_enrolments(id) ON DELETE CASCADE,
  province_code  text NOT NULL,
  from_state     text,                          -- NULL: created (identified)
  to_state       text NOT NULL,
  version        integer NOT NULL,              -- the enrolment's version after this event
  occurred_at    timestamptz NOT NULL,          -- when it happened in the field
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  actor          text NOT NULL,
  facilitator    text,
  place          text,
  note           text,
  UNIQUE (enrolment_id, version)
);
CREATE INDEX pilot_enrolment_events_province_idx ON pilot_enrolment_events (province_code, id);
CREATE TRIGGER pilot_enrolment_events_append_only BEFORE UPDATE ON pilot_enrolment_events
  FOR EACH ROW EXECUTE FUNCTION entas_refuse_pilot_change();

CREATE TABLE facilitator_villages (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id        bigint NOT NULL REFERENCES users(id),
  province_code  text NOT NULL,
  village_code   text NOT NULL REFERENCES regions(code),
  assigned_by    text NOT NULL,
  assigned_at    timestamptz NOT NULL DEFAULT now(),
  ended_at       timestamptz
);
CREATE UNIQUE INDEX facilitator_villages_current_uq ON facilitator_villages (user_id, village_code) WHERE ended_at IS NULL;
CREATE INDEX facilitator_villages_village_idx ON facilitator_villages (province_code, village_code);

CREATE TABLE pilot_visits (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enrolment_id   bigint NOT NULL REFERENCES pilot_enrolments(id) ON DELETE CASCADE,
  province_code  text NOT NULL,
  visited_on     date NOT NULL,
  outcome        text NOT NULL CHECK (outcome IN ('met', 'not_home', 'moved', 'refused', 'rescheduled')),
  next_visit_on  date,
  facilitator    text NOT NULL,
  note           text,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (next_visit_on IS NULL OR next_visit_on >= visited_on)
);
CREATE INDEX pilot_visits_enrolment_idx ON pilot_visits (enrolment_id, visited_on);

ALTER TABLE cooperative_members
  ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('registered', 'active', 'left')),
  ADD COLUMN enrolment_id bigint REFERENCES pilot_enrolments(id) ON DELETE SET NULL;
CREATE UNIQUE INDEX cooperative_members_enrolment_uq ON cooperative_members (enrolment_id);
`),
};
