import type { Migration } from '../migration.js';

/**
 * Consent of people who sign with a thumbprint (cap jempol) and of children through a guardian (issue 15).
 *   - `thumbprint` joins the accepted methods. The method CHECK of 0403 was declared inline, so PostgreSQL named it
 *     `consent_records_method_check` (the same on PG 15 and PGlite); it is dropped and re-added with the new list.
 *   - guardian_name / guardian_relation: the parent or guardian who consented for a child (UU 27/2022 art. 25) or
 *     for an adult who cannot consent themselves. Both present or both absent, never blank.
 * Whether a guardian is required is decided in consent/guardian-rule.ts when a decision is recorded.
 */
export const consentThumbprintGuardianMigration: Migration = {
  name: '0440-consent-thumbprint-guardian',
  up: (tx) =>
    tx.exec(`
ALTER TABLE consent_records DROP CONSTRAINT consent_records_method_check;
ALTER TABLE consent_records ADD CONSTRAINT consent_records_method_check
  CHECK (method IN ('written', 'digital', 'verbal_witnessed', 'thumbprint', 'data_subject_request'));
ALTER TABLE consent_records
  ADD COLUMN guardian_name text,
  ADD COLUMN guardian_relation text,
  ADD CONSTRAINT consent_records_guardian_check CHECK (
    (guardian_name IS NULL AND guardian_relation IS NULL)
    OR (length(btrim(guardian_name)) > 0 AND length(btrim(guardian_relation)) > 0)
  );
`),
};
