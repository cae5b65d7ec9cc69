import type { Database } from '../db/database.js';
import { appendAudit } from '../audit/audit-log.js';
import { ROLE_DEFINITIONS, type Role } from '../access/roles.js';
import { scopeOf, type Principal } from '../access/principal.js';
import { dummyPasswordHash, verifyPassword } from './password.js';
import { tokenHash } from './token.js';
import type { SecretKey } from './secret-key.js';
import { verifyTotp } from './totp.js';
import { openTotpSecret } from './totp-at-rest.js';
import { UserRepository } from './user-repository.js';
import { issueToken, type IssuedToken } from './user-service.js';

export const LOGIN_POLICY = { maxFailures: 5, lockMinutes: 15, sessionHours: 12 } as const;

export type LoginResult =
  | { ok: true; session: IssuedToken; username: string; role: Role }
  | { ok: false; reason: 'bad_credentials' | 'locked' | 'totp_required' };

/**
 * Password (+ TOTP for roles that require it) → session token. Unknown users cost the same argon2 time as
 * known ones; lockout after repeated failures; every outcome is audited.
 */
export async function login(
  database: Database,
  input: { username: string; password: string; totp?: string | undefined },
  origin: string | null,
  secretKey?: SecretKey,
): Promise<LoginResult> {
  const repo = new UserRepository(database.db);
  const username = input.username.trim().toLowerCase();
  const user = await repo.findByUsername(username);
  const passwordOk = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), input.password);
  const fail = async (reason: 'bad_credentials' | 'locked' | 'totp_required'): Promise<LoginResult> => {
    await database.transaction((tx) =>
      appendAudit(tx, {
        actor: username.slice(0, 64) || '(empty)',
        action: 'auth.login_failed',
        subjectType: 'user',
        subjectId: user?.id ?? null,
        origin,
        details: { reason },
      }),
    );
    return { ok: false, reason };
  };
  if (!user || user.disabled_at) return fail('bad_credentials');
  if (user.locked_until && user.locked_until > new Date()) return fail('locked');
  if (!passwordOk) {
    await repo.recordFailure(user.id, LOGIN_POLICY.maxFailures, LOGIN_POLICY.lockMinutes);
    return fail('bad_credentials');
  }
  const role = user.role as Role;
  if (ROLE_DEFINITIONS[role].requiresTotp) {
    if (!input.totp) return fail('totp_required');
    const seed = user.totp_secret ? openTotpSecret(user.username, user.totp_secret, secretKey) : null;
    if (!seed || !(await verifyTotp(seed, input.totp))) {
      await repo.recordFailure(user.id, LOGIN_POLICY.maxFailures, LOGIN_POLICY.lockMinutes);
      return fail('bad_credentials');
    }
  }
  await repo.recordSuccess(user.id);
  const session = await issueToken(database, user.id, 'session', {
    ttlHours: LOGIN_POLICY.sessionHours,
    actor: user.username,
    origin,
  });
  return { ok: true, session, username: user.username, role };
}

/** Resolves a bearer secret to the principal, or undefined when it is unknown, revoked, expired or disabled. */
export async function authenticate(
  database: Database,
  secret: string,
  request: { purpose: string | null; origin: string | null },
): Promise<(Principal & { tokenId: number }) | undefined> {
  const repo = new UserRepository(database.db);
  const row = await repo.findLiveToken(tokenHash(secret));
  if (!row) return undefined;
  // last_used_at is informative: refresh it at most once a minute, not on every request.
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000)
    await repo.touchToken(row.token_id);
  const role = row.role as Role;
  return {
    tokenId: row.token_id,
    userId: row.id,
    username: row.username,
    role,
    scope: scopeOf(role, row.region_codes, row.cooperative_id),
    purpose: request.purpose,
    origin: request.origin,
  };
}

export async function logout(database: Database, secret: string, principal: Principal): Promise<void> {
  await database.transaction(async (tx) => {
    await new UserRepository(tx.db).revokeTokenByHash(tokenHash(secret));
    await appendAudit(tx, {
      actor: principal.username,
      action: 'auth.logout',
      subjectType: 'user',
      subjectId: principal.userId,
      origin: principal.origin,
    });
  });
}
