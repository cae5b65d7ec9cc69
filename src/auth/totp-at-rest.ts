import { sql } from 'kysely';
import { auditChange, systemActor } from '../audit/access-audit.js';
import type { Database } from '../db/database.js';
import { isSealed, open, seal } from './sealed-secret.js';
import { serverSecretKey, type SecretKey } from '../shared/secret-key.js';

/** The authenticated context of a user's TOTP seed: binds the sealed value to that user's row. */
const context = (username: string) => `users.totp_secret:${username}`;

export function sealTotpSecret(username: string, secret: string, key: SecretKey = serverSecretKey()): string {
  return seal(key, secret, context(username));
}

/** The clear seed of a stored value (sealed, or clear from before encryption existed). */
export function openTotpSecret(username: string, stored: string, key?: SecretKey): string {
  return isSealed(stored) ? open(key ?? serverSecretKey(), stored, context(username)) : stored;
}

/**
 * Encrypts every TOTP seed still stored in clear (written before secrets were sealed). Runs whenever the CLI or
 * server opens the database; reads the key only when there is something to seal. Idempotent and audited.
 */
export async function sealClearTotpSecrets(
  database: Database,
  key: () => SecretKey = serverSecretKey,
): Promise<number> {
  const clear = await database.db
    .selectFrom('users')
    .select(['id', 'username', 'totp_secret'])
    .where('totp_secret', 'is not', null)
    .where('totp_secret', 'not like', 'v1:%')
    .execute();
  if (clear.length === 0) return 0;
  const secretKey = key();
  return database.transaction(async (tx) => {
    let sealed = 0;
    for (const user of clear) {
      const result = await tx.db
        .updateTable('users')
        .set({
          totp_secret: sealTotpSecret(user.username, user.totp_secret!, secretKey),
          updated_at: sql`now()`,
        })
        .where('id', '=', user.id)
        .where('totp_secret', '=', user.totp_secret)
        .executeTakeFirst();
      sealed += Number(result.numUpdatedRows);
    }
    await auditChange(tx, systemActor(null), {
      action: 'security.totp_sealed',
      details: { users: sealed, key_source: secretKey.source.startsWith('ENTAS_') ? 'env' : 'file' },
    });
    return sealed;
  });
}
