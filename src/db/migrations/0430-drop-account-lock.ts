import type { Migration } from '../migration.js';

/**
 * The account lock is gone (migration 0421 replaced it with progressive delays, auth/login-throttle.ts): its
 * columns go too, so no code can bring the lock-out switch back by accident and the user API stops showing a
 * `locked_until` that is always null. `login_throttle` gets an index on `updated_at` for the pruning of expired
 * counters that every failed sign-in runs (LoginThrottle.prune), so the table stays small under a spray.
 */
export const dropAccountLockMigration: Migration = {
  name: '0430-drop-account-lock',
  up: (tx) =>
    tx.exec(`
ALTER TABLE users DROP COLUMN failed_logins, DROP COLUMN locked_until;
CREATE INDEX login_throttle_updated_idx ON login_throttle (updated_at);
`),
};
