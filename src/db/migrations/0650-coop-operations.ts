import type { Migration } from '../migration.js';

/**
 * Cooperative operations beyond the books (issue #16, docs/FINANCE.md "Mentoring", "Health score", "Register",
 * "Member exit", "Founding"):
 *
 * - Mentoring follow-ups are closed with who closed them and a note; the session's cooperative is repeated on the
 *   follow-up so a cooperative's open follow-ups are one index read.
 * - Officers carry their family card (No. KK, for the registrar's shared-KK warning) and whether they hold the post
 *   ex officio (the kepala desa chairs the pengawas of a Kopdes Merah Putih).
 * - `coop_member_events`: a member's history (joined, left with the refund entry); append-only.
 * - `coop_rat_meetings`: when each year's annual members' meeting (RAT) was held (the health score's "RAT on time").
 * - `coop_foundings` and `coop_founding_steps`: the checklist for founding a community cooperative in a village,
 *   ending in a registered cooperative. Steps are append-only facts (one per step).
 *
 * Every table that grows with cooperatives carries province_code (the first two digits of the village code) first
 * in its primary key, like the journal.
 */
export const coopOperationsMigration: Migration = {
  name: '0650-coop-operations',
  up: (tx) =>
    tx.exec(`
ALTER TABLE coop_mentoring_followups
  ADD COLUMN cooperative_id bigint REFERENCES cooperatives(id),
  ADD COLUMN closed_by text,
  ADD COLUMN closing_note text,
  ADD CONSTRAINT coop_mentoring_followups_closed CHECK ((closed_on IS NULL) = (closed_by IS NULL));
UPDATE coop_mentoring_followups f SET cooperative_id = s.cooperative_id
  FROM coop_mentoring_sessions s WHERE s.province_code = f.province_code AND s.id = f.session_id;
ALTER TABLE coop_mentoring_followups ALTER COLUMN cooperative_id SET NOT NULL;
CREATE INDEX coop_mentoring_followups_coop_idx ON coop_mentoring_followups (province_code, cooperative_id, due_on);
CREATE INDEX coop_mentoring_followups_session_idx ON coop_mentoring_followups (province_code, session_id);

ALTER TABLE cooperative_officers
  ADD COLUMN kk text,
  ADD COLUMN ex_officio boolean NOT NULL DEFAULT false;

CREATE TABLE coop_member_events (
  province_code   char(2) NOT NULL,
  id              bigint GENERATED ALWAYS AS IDENTITY,
  cooperative_id  bigint NOT NULL REFERENCES cooperatives(id),
  member_id       bigint NOT NULL REFERENCES cooperative_members(id),
  kind            text NOT NULL CHECK (kind IN ('joined', 'left')),
  event_date      date NOT NULL,
  entry_id        bigint,
  details         jsonb NOT NULL DEFAULT '{}',
  recorded_by     text NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (province_code, id)
);
CREATE INDEX coop_member_events_member_idx ON coop_member_events (province_code, member_id, id);
CREATE TRIGGER coop_member_events_append_only BEFORE UPDATE OR DELETE ON coop_member_events
  FOR EACH ROW EXECUTE FUNCTION entas_refuse_audit_change();

CREATE TABLE coop_rat_meetings (
  province_code   char(2) NOT NULL,
  cooperative_id  bigint NOT NULL REFERENCES cooperatives(id),
  book_year       smallint NOT NULL CHECK (book_year BETWEEN 1990 AND 2200),
  held_on         date NOT NULL,
  recorded_by     text NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (province_code, cooperative_id, book_year),
  CHECK (held_on > make_date(book_year, 12, 31))
);

CREATE TABLE coop_foundings (
  province_code   char(2) NOT NULL,
  id              bigint GENERATED ALWAYS AS IDENTITY,
  village_code    text NOT NULL REFERENCES regions(code),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'registered')),
  cooperative_id  bigint REFERENCES cooperatives(id),
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (province_code, id),
  CHECK ((status = 'registered') = (cooperative_id IS NOT NULL))
);
CREATE INDEX coop_foundings_village_idx ON coop_foundings (village_code text_pattern_ops);

CREATE TABLE coop_founding_steps (
  province_code  char(2) NOT NULL,
  founding_id    bigint NOT NULL,
  step           text NOT NULL CHECK (step IN ('musdesus', 'founders', 'ad_art', 'legal_entity', 'bank_account', 'officers_elected')),
  done_on        date NOT NULL,
  document       text NOT NULL CHECK (length(document) BETWEEN 1 AND 500),
  details        jsonb NOT NULL DEFAULT '{}',
  recorded_by    text NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (province_code, founding_id, step),
  FOREIGN KEY (province_code, founding_id) REFERENCES coop_foundings (province_code, id)
);
CREATE TRIGGER coop_founding_steps_append_only BEFORE UPDATE OR DELETE ON coop_founding_steps
  FOR EACH ROW EXECUTE FUNCTION entas_refuse_audit_change();
`),
};
