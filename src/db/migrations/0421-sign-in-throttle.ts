import type { Migration } from '../migration.js';

/**
 * Sign-in hardening: the last TOTP time step each user signed in with (a code is refused a second time), and
 * progressive sign-in delays keyed by account+address, by address, and by account (auth/login-throttle.ts) in
 * place of the account lock that let anyone lock anyone out. `users.failed_logins`/`locked_until` stay unused.
 */
export const signInThrottleMigration: Migration = {
  name: '0421-sign-in-throttle',
  up: (tx) =>
    tx.exec(`
ALTER TABLE users ADD COLUMN totp_last_step bigint;

CREATE TABLE login_throttle (
  key            text PRIMARY KEY,            -- 'pair:<username>@<address>', 'addr:<address>', 'user:<username>', 'known:<username>@<address>'
  failures       integer NOT NULL DEFAULT 0,
  blocked_until  timestamptz,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
`),
};
