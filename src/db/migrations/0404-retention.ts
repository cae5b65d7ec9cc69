import type { Migration } from '../migration.js';

/**
 * Retention (UU 27/2022 art. 43–44: keep personal data no longer than its purpose needs). Periods per data
 * category are configurable (`entas retention set`); the defaults live in privacy/retention-rules.ts. Legal holds
 * stop a household's anonymisation while a dispute, audit or investigation needs the data.
 */
export const retentionMigration: Migration = {
  name: '0404-retention',
  up: (tx) =>
    tx.exec(`
CREATE TABLE retention_settings (
  category    text PRIMARY KEY,
  days        integer NOT NULL CHECK (days >= 1),
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE legal_holds (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  household_id  bigint NOT NULL REFERENCES households(id) ON DELETE CASCADE,
  reason        text NOT NULL,
  placed_by     text NOT NULL,
  placed_at     timestamptz NOT NULL DEFAULT now(),
  released_by   text,
  released_at   timestamptz
);
CREATE INDEX legal_holds_active_idx ON legal_holds (household_id) WHERE released_at IS NULL;
`),
};
