import { sql } from 'kysely';
import type { Tx } from './database.js';

/**
 * Sets `setting` for the rest of the transaction where the role may (some need superuser or the SET privilege;
 * some cannot change once the session used them). The SET runs inside a savepoint, so a refusal leaves the
 * transaction usable. Returns whether the setting took.
 */
export async function trySetLocal(tx: Tx, setting: string, value: string): Promise<boolean> {
  await tx.exec('SAVEPOINT entas_set_local');
  try {
    // set_config(…, true) is SET LOCAL with the name and value as parameters.
    await sql`SELECT set_config(${setting}, ${value}, true)`.execute(tx.db);
    await tx.exec('RELEASE SAVEPOINT entas_set_local');
    return true;
  } catch {
    await tx.exec('ROLLBACK TO SAVEPOINT entas_set_local; RELEASE SAVEPOINT entas_set_local');
    return false;
  }
}
