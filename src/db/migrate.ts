import type { Database } from './database.js';
import type { Migration } from './migration.js';
import { migrations } from './migrations/index.js';

export type { Migration } from './migration.js';

/** An arbitrary constant: the advisory lock that serialises concurrent `migrate` runs on one server. */
const MIGRATION_LOCK_KEY = 727_401;

/** Applies pending migrations in one transaction and returns their names. Safe to run concurrently. */
export async function migrate(
  database: Database,
  list: readonly Migration[] = migrations,
): Promise<string[]> {
  assertOrdered(list);
  return database.transaction(async (tx) => {
    await tx.exec(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY});
      CREATE TABLE IF NOT EXISTS entas_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());`);
    const applied = new Set(
      (await tx.db.selectFrom('entas_migrations').select('name').execute()).map((r) => r.name),
    );
    const known = new Set(list.map((m) => m.name));
    const unknown = [...applied].filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new Error(`database has migrations this version of entas does not know: ${unknown.join(', ')}`);
    }
    const done: string[] = [];
    for (const migration of list) {
      if (applied.has(migration.name)) continue;
      await migration.up(tx);
      await tx.db.insertInto('entas_migrations').values({ name: migration.name }).execute();
      done.push(migration.name);
    }
    return done;
  });
}

function assertOrdered(list: readonly Migration[]): void {
  for (let i = 1; i < list.length; i++) {
    if (list[i - 1]!.name >= list[i]!.name) throw new Error(`migrations out of order at ${list[i]!.name}`);
  }
}
