import type { Migration } from '../migration.js';

/**
 * Field verification (issue 15, "penguatan basis data"): facilitators propose corrections to households and
 * persons of their villages with evidence and document/photo references; a reviewer accepts or rejects with a
 * reason. An accepted proposal becomes a `source_batches` row (source `field_verification`, meta.proposal_id)
 * whose changes carry that batch_id, with the prior state of every changed row in `intake_prior_rows` (history
 * kept, revertible like an import). A proposal's evidence and values never change after it is made; only its
 * review is recorded, once.
 */
export const fieldVerificationMigration: Migration = {
  name: '0510-field-verification',
  up: (tx) =>
    tx.exec(`
CREATE TABLE verification_proposals (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  province_code    text NOT NULL,
  village_code     text NOT NULL REFERENCES regions(code),   -- the household's village when proposed
  household_id     bigint NOT NULL REFERENCES households(id) ON DELETE CASCADE,
  person_id        bigint REFERENCES persons(id) ON DELETE CASCADE,
  kind             text NOT NULL CHECK (kind IN ('moved', 'deceased', 'new_member', 'disability', 'decile_wrong')),
  proposed         jsonb NOT NULL DEFAULT '{}',                -- the corrected values (per kind)
  current_values   jsonb NOT NULL DEFAULT '{}',                -- what the base said when it was proposed
  evidence         text NOT NULL CHECK (length(evidence) BETWEEN 3 AND 4000),
  documents        text[] NOT NULL DEFAULT '{}',               -- document/photo references (file names, ids)
  status           text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'rejected')),
  proposed_by      text NOT NULL,
  proposed_at      timestamptz NOT NULL DEFAULT now(),
  reviewed_by      text,
  reviewed_at      timestamptz,
  review_reason    text,
  deliberation_ref text,                                       -- berita acara of the village deliberation
  batch_id         bigint REFERENCES source_batches(id),       -- accepted: the batch that carries the change
  CHECK (status = 'proposed' OR (reviewed_by IS NOT NULL AND reviewed_at IS NOT NULL AND review_reason IS NOT NULL)),
  CHECK ((status = 'accepted') = (batch_id IS NOT NULL))
);
CREATE INDEX verification_proposals_village_idx ON verification_proposals (province_code, village_code, status);
CREATE INDEX verification_proposals_household_idx ON verification_proposals (household_id);
CREATE UNIQUE INDEX verification_proposals_batch_uq ON verification_proposals (batch_id);

CREATE FUNCTION entas_guard_verification_proposal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'verification proposals are kept: DELETE refused' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status <> 'proposed' THEN
    RAISE EXCEPTION 'verification proposal % was already reviewed (%)', OLD.id, OLD.status
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.kind <> OLD.kind OR NEW.proposed <> OLD.proposed OR NEW.current_values <> OLD.current_values
     OR NEW.evidence <> OLD.evidence OR NEW.documents <> OLD.documents OR NEW.proposed_by <> OLD.proposed_by
     OR NEW.proposed_at <> OLD.proposed_at OR NEW.household_id <> OLD.household_id
     OR NEW.person_id IS DISTINCT FROM OLD.person_id OR NEW.village_code <> OLD.village_code THEN
    RAISE EXCEPTION 'a verification proposal''s evidence and values are immutable'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER verification_proposals_guard BEFORE UPDATE OR DELETE ON verification_proposals
  FOR EACH ROW EXECUTE FUNCTION entas_guard_verification_proposal();

-- A death reported by field verification (the person also leaves the household, as DTSEN drops them).
ALTER TABLE persons ADD COLUMN deceased_on date;
`),
};
