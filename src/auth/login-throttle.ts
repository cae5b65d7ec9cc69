import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * Progressive sign-in delays instead of an account lock (a lock lets anyone lock anyone out). After a few free
 * failures, each further failure doubles the wait before the next attempt is even evaluated (1 s, 2 s, 4 s … at
 * most 15 minutes). Three counters, keyed by text so an unknown user name is throttled exactly like a real one:
 *  - account + address: one client guessing one account;
 *  - address: one client spraying many accounts (an office behind one NAT gets more free failures);
 *  - account: many addresses guessing one account — except from an address this account signed in from
 *    successfully in the last 30 days, so an attacker elsewhere cannot keep the owner out.
 * Failures older than a day are forgotten.
 */
export const THROTTLE_POLICY = {
  pairFreeFailures: 5,
  addressFreeFailures: 20,
  accountFreeFailures: 10,
  maxDelaySeconds: 15 * 60,
  forgetAfterHours: 24,
  knownAddressDays: 30,
} as const;

export function delaySeconds(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(2 ** (failures - free), THROTTLE_POLICY.maxDelaySeconds);
}

const pairKey = (username: string, address: string) => `pair:${username}@${address}`;
const addressKey = (address: string) => `addr:${address}`;
const accountKey = (username: string) => `user:${username}`;
const knownKey = (username: string, address: string) => `known:${username}@${address}`;

export class LoginThrottle {
  constructor(private readonly db: Kysely<DB>) {}

  /** Seconds until an attempt for `username` from `address` is evaluated again; 0 when it may go ahead now. */
  async waitSeconds(username: string, address: string, now = new Date()): Promise<number> {
    const rows = await this.db
      .selectFrom('login_throttle')
      .select(['key', 'blocked_until', 'updated_at'])
      .where('key', 'in', [
        pairKey(username, address),
        addressKey(address),
        accountKey(username),
        knownKey(username, address),
      ])
      .execute();
    const known = rows.some(
      (r) =>
        r.key === knownKey(username, address) &&
        now.getTime() - r.updated_at.getTime() < THROTTLE_POLICY.knownAddressDays * 86_400_000,
    );
    let wait = 0;
    for (const r of rows) {
      if (r.key.startsWith('known:') || !r.blocked_until) continue;
      if (known && r.key === accountKey(username)) continue;
      wait = Math.max(wait, Math.ceil((r.blocked_until.getTime() - now.getTime()) / 1000));
    }
    return wait;
  }

  async recordFailure(username: string, address: string): Promise<void> {
    await this.prune();
    const counters: [string, number][] = [
      [pairKey(username, address), THROTTLE_POLICY.pairFreeFailures],
      [addressKey(address), THROTTLE_POLICY.addressFreeFailures],
      [accountKey(username), THROTTLE_POLICY.accountFreeFailures],
    ];
    for (const [key, free] of counters) {
      // One statement per counter: concurrent failures each count (no lost update).
      await sql`
        INSERT INTO login_throttle AS t (key, failures, blocked_until, updated_at)
        VALUES (${key}, 1, NULL, now())
        ON CONFLICT (key) DO UPDATE SET
          failures = CASE WHEN t.updated_at < now() - make_interval(hours => ${THROTTLE_POLICY.forgetAfterHours})
                          THEN 1 ELSE t.failures + 1 END,
          updated_at = now()`.execute(this.db);
      await sql`
        UPDATE login_throttle SET blocked_until = now() + make_interval(secs => ${sql.raw(
          `LEAST(power(2, GREATEST(failures - ${free}, 0)), ${THROTTLE_POLICY.maxDelaySeconds})`,
        )})
        WHERE key = ${key} AND failures >= ${free}`.execute(this.db);
    }
  }

  /**
   * Drops counters that no longer matter — failures forgotten (older than a day, so any wait has long passed) and
   * known addresses older than 30 days — so a spray of made-up names and addresses does not grow the table
   * without bound. Runs on every failed sign-in; the `updated_at` index (migration 0430) keeps it cheap.
   */
  async prune(): Promise<number> {
    const result = await sql`
      DELETE FROM login_throttle
       WHERE updated_at < now() - make_interval(days => ${THROTTLE_POLICY.knownAddressDays})
          OR (updated_at < now() - make_interval(hours => ${THROTTLE_POLICY.forgetAfterHours})
              AND key NOT LIKE 'known:%'
              AND (blocked_until IS NULL OR blocked_until < now()))`.execute(this.db);
    return Number(result.numAffectedRows ?? 0);
  }

  /** The owner signed in: forget this client's failures on the account and remember the address. */
  async recordSuccess(username: string, address: string): Promise<void> {
    await this.db.deleteFrom('login_throttle').where('key', '=', pairKey(username, address)).execute();
    await sql`
      INSERT INTO login_throttle (key, failures, updated_at) VALUES (${knownKey(username, address)}, 0, now())
      ON CONFLICT (key) DO UPDATE SET updated_at = now()`.execute(this.db);
  }
}
