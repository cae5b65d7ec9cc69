import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { LoginThrottle } from './login-throttle.js';

describe.each(testEngines())('login throttle upkeep on %s', (kind) => {
  const ctx = useTestDatabase(kind);

  it('prunes forgotten counters and stale known addresses, keeps live ones; every failure prunes', async () => {
    const db = ctx.database.db;
    const row = (key: string, hoursAgo: number, blockedHoursAhead: number | null = null) =>
      sql`INSERT INTO login_throttle (key, failures, blocked_until, updated_at)
          VALUES (${key}, 7,
                  ${blockedHoursAhead === null ? null : sql`now() + make_interval(hours => ${blockedHoursAhead})`},
                  now() - make_interval(hours => ${hoursAgo}))`.execute(db);
    await row('pair:old@203.0.113.1', 25); // forgotten: gone
    await row('addr:203.0.113.2', 30, -29); // forgotten, its wait long over: gone
    await row('user:recent', 2, 1); // live counter: kept
    await row('pair:odd@203.0.113.3', 25, 1); // still blocked (clock skew, long wait): kept
    await row('known:eko@198.51.100.1', 24 * 29); // known address, 29 days: kept
    await row('known:eko@198.51.100.2', 24 * 31); // known address, 31 days: gone
    const keys = async () =>
      (await db.selectFrom('login_throttle').select('key').orderBy('key').execute()).map((r) => r.key);

    await new LoginThrottle(db).recordFailure('spray', '203.0.113.9');
    expect(await keys()).toEqual([
      'addr:203.0.113.9',
      'known:eko@198.51.100.1',
      'pair:odd@203.0.113.3',
      'pair:spray@203.0.113.9',
      'user:recent',
      'user:spray',
    ]);
    expect(await new LoginThrottle(db).prune()).toBe(0);
  });

  it('users no longer carry the account-lock columns', async () => {
    const columns = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns
       WHERE table_name = 'users' AND column_name IN ('failed_logins', 'locked_until')`.execute(
      ctx.database.db,
    );
    expect(columns.rows).toEqual([]);
  });
});
