import type { Migration } from '../migration.js';

/**
 * Consent records (UU 27/2022 art. 20–22): append-only, one row per decision a person (or the household as a unit,
 * person_id NULL) took about one purpose. A withdrawal is a new row, never an update, so the history is the
 * evidence. Records are scoped through their household's village. The pilots work records `cooperative_enrolment` consent at enrolment through the same table.
 * A withdraw_consent data-subject request names the purpose it withdraws (or 'all').
 */
export const consentMigration: Migration = {
  name: '0403-consent',
  up: (tx) =>
    tx.exec(`
CREATE TABLE consent_records (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  household_id  bigint NOT NULL REFERENCES households(id) ON DELETE CASCADE,
  person_id     bigint REFERENCES persons(id) ON DELETE CASCADE,   -- NULL: the household as a unit (KK holder)
  purpose       text NOT NULL CHECK (purpose ~ '^[a-z][a-z0-9_]{1,49}$'),  -- consent/consent-purposes.ts
  status        text NOT NULL CHECK (status IN ('given', 'withdrawn')),
  method        text NOT NULL CHECK (method IN ('written', 'digital', 'verbal_witnessed', 'data_subject_request')),
  evidence_ref  text,                           -- form number, scan reference, witness, request id
  decided_at    timestamptz NOT NULL,           -- when the person gave or withdrew it (may precede recording)
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  recorded_by   text NOT NULL,
  request_id    bigint REFERENCES data_subject_requests(id) ON DELETE SET NULL,
  note          text
);
CREATE INDEX consent_records_household_idx ON consent_records (household_id, purpose, decided_at DESC, id DESC);
CREATE INDEX consent_records_purpose_idx ON consent_records (purpose, household_id);

ALTER TABLE data_subject_requests ADD COLUMN consent_purpose text
  CHECK (consent_purpose IS NULL OR consent_purpose ~ '^[a-z][a-z0-9_]{1,49}$');
`),
};
