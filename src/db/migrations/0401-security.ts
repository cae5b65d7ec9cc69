import type { Migration } from '../migration.js';

/**
 * Sign-in and data-protection tables: users with role and scope, sessions and machine tokens (only sha256
 * hashes of the secrets are stored), data-subject requests with their statutory deadline, and the breach register.
 */
export const securityMigration: Migration = {
  name: '0401-security',
  up: (tx) =>
    tx.exec(`
CREATE TABLE users (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username         text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  password_hash    text NOT NULL,              -- argon2id PHC string
  role             text NOT NULL,              -- access/roles.ts
  region_codes     text[] NOT NULL DEFAULT '{}',  -- empty = national (only for national roles)
  cooperative_id   bigint REFERENCES cooperatives(id),
  totp_secret      text,                       -- base32; required for admins
  failed_logins    integer NOT NULL DEFAULT 0,
  locked_until     timestamptz,
  disabled_at      timestamptz,
  created_by       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE auth_tokens (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('session', 'api')),
  name          text,
  token_hash    text NOT NULL UNIQUE,          -- sha256 hex of the bearer secret; the secret itself is never stored
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz,
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
CREATE INDEX auth_tokens_user_idx ON auth_tokens (user_id);

-- UU 27/2022 data-subject requests: access, correction, erasure, objection to an automated decision.
CREATE TABLE data_subject_requests (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('access', 'correction', 'erasure', 'objection', 'withdraw_consent')),
  person_id       bigint REFERENCES persons(id) ON DELETE SET NULL,
  region_code     text NOT NULL,               -- village of the person's household: the scope the request lives in
  requester_name  text NOT NULL,
  channel         text NOT NULL DEFAULT 'counter',
  details         text,
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_review', 'completed', 'rejected')),
  legal_hold      boolean NOT NULL DEFAULT false,
  resolution      text,
  received_at     timestamptz NOT NULL DEFAULT now(),
  due_at          timestamptz NOT NULL,        -- received_at + 3 x 24 hours
  resolved_at     timestamptz,
  created_by      text NOT NULL,
  resolved_by     text
);
CREATE INDEX data_subject_requests_region_idx ON data_subject_requests (region_code text_pattern_ops);
CREATE INDEX data_subject_requests_open_idx ON data_subject_requests (due_at) WHERE resolved_at IS NULL;

CREATE TABLE breaches (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  discovered_at      timestamptz NOT NULL,
  description        text NOT NULL,
  data_categories    text[] NOT NULL DEFAULT '{}',
  subjects_affected  integer,
  notify_due_at      timestamptz NOT NULL,     -- discovered_at + 3 x 24 hours
  notified_at        timestamptz,
  created_by         text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now()
);
`),
};
