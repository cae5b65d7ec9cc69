import type { Database } from '../db/database.js';
import { auditChange, unauthenticatedActor, type AuditActor } from '../audit/access-audit.js';
import { ROLE_DEFINITIONS, type Role } from '../shared/roles.js';
import { scopeOf, type Principal } from '../shared/principal.js';
import { dummyPasswordHash, verifyPassword } from './password.js';
import { tokenHash } from './token.js';
import { forgetVerifiedTokens, VerifiedTokenCache } from './token-cache.js';
import type { SecretKey } from '../shared/secret-key.js';
import { verifyTotp } from './totp.js';
import { openTotpSecret } from './totp-at-rest.js';
import { LoginThrottle } from './login-throttle.js';
import { UserRepository } from './user-repository.js';
import { issueToken, type IssuedToken } from './user-service.js';

export const LOGIN_POLICY = { sessionHours: 12 } as const;

/** Why a sign-in failed — for the audit log only: the client always gets the same `bad_credentials`. */
export type LoginFailure = 'unknown_or_disabled' | 'password' | 'totp_missing' | 'totp' | 'throttled';

export type LoginResult =
  | { ok: true; session: IssuedToken; username: string; role: Role }
  | { ok: false; reason: 'bad_credentials'; retryAfterSeconds?: number };

/**
 * Password (+ TOTP for roles that require it) → session token. Every failure looks the same to the client
 * (unknown user, disabled, wrong password, missing or wrong or replayed code, throttled): both factors are
 * checked before answering, so a correct password is never confirmed without the code. Unknown users cost the
 * same argon2 time as known ones. Repeated failures slow further attempts (login-throttle.ts) instead of
 * locking the account. Every outcome is audited with the real reason.
 */
export async function login(
  database: Database,
  input: { username: string; password: string; totp?: string | undefined },
  origin: string | null,
  secretKey?: SecretKey,
): Promise<LoginResult> {
  const repo = new UserRepository(database.db);
  const throttle = new LoginThrottle(database.db);
  const username = input.username.trim().toLowerCase().slice(0, 64);
  const address = origin ?? 'unknown';
  const fail = async (reason: LoginFailure, retryAfterSeconds?: number): Promise<LoginResult> => {
    await database.transaction((tx) =>
      auditChange(tx, unauthenticatedActor(username || '(empty)', origin), {
        action: 'auth.login_failed',
        subjectType: 'user',
        subjectId: user?.id ?? null,
        details: { reason },
      }),
    );
    if (reason !== 'throttled') await throttle.recordFailure(username, address);
    return { ok: false, reason: 'bad_credentials', ...(retryAfterSeconds ? { retryAfterSeconds } : {}) };
  };
  const user = await repo.findByUsername(username);
  const wait = await throttle.waitSeconds(username, address);
  if (wait > 0) return fail('throttled', wait);
  const passwordOk = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), input.password);
  const role = user?.role as Role | undefined;
  // The second factor is checked whatever the password gave, and the answer names neither.
  let totpStep: number | null = null;
  const needsTotp = role !== undefined && ROLE_DEFINITIONS[role].requiresTotp;
  if (needsTotp && input.totp) {
    const seed = user?.totp_secret ? openTotpSecret(user.username, user.totp_secret, secretKey) : null;
    totpStep = seed ? await verifyTotp(seed, input.totp, user?.totp_last_step) : null;
  }
  if (!user || user.disabled_at) return fail('unknown_or_disabled');
  if (!passwordOk) return fail('password');
  if (needsTotp) {
    if (!input.totp) return fail('totp_missing');
    // Claim the step atomically: two requests racing with the same code cannot both pass.
    if (totpStep === null || !(await repo.claimTotpStep(user.id, totpStep))) return fail('totp');
  }
  await throttle.recordSuccess(username, address);
  const session = await issueToken(database, user.id, 'session', {
    ttlHours: LOGIN_POLICY.sessionHours,
    actor: { username: user.username, role: role!, origin, purpose: null, identifiersRevealed: false },
  });
  return { ok: true, session, username: user.username, role: role! };
}

/** Verified tokens per open database (token-cache.ts: a few seconds, dropped at once by a revocation here). */
const verifiedTokens = new WeakMap<Database, VerifiedTokenCache<LiveToken>>();
type LiveToken = NonNullable<Awaited<ReturnType<UserRepository['findLiveToken']>>>;

/**
 * Resolves a bearer secret to the principal, or undefined when it is unknown, revoked, expired or disabled.
 * A token verified in the last few seconds is not looked up again (token-cache.ts says how revocation still
 * takes effect).
 */
export async function authenticate(
  database: Database,
  secret: string,
  request: { purpose: string | null; origin: string | null },
): Promise<(Principal & { tokenId: number }) | undefined> {
  const repo = new UserRepository(database.db);
  let cache = verifiedTokens.get(database);
  if (!cache) {
    cache = new VerifiedTokenCache();
    verifiedTokens.set(database, cache);
  }
  const hash = tokenHash(secret);
  const found = await cache.get(hash, () => repo.findLiveToken(hash));
  if (!found) return undefined;
  const row = found.value;
  // last_used_at is informative: refresh it at most once a minute, not on every request.
  if (!found.cached && (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000))
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

/** Ends the session of `secret`; `actor` is its signed-in user (`userId`) as the request context audits them. */
export async function logout(
  database: Database,
  secret: string,
  actor: AuditActor,
  userId: number,
): Promise<void> {
  await database.transaction(async (tx) => {
    await new UserRepository(tx.db).revokeTokenByHash(tokenHash(secret));
    await auditChange(tx, actor, { action: 'auth.logout', subjectType: 'user', subjectId: userId });
  });
  forgetVerifiedTokens();
}
