import type { Database } from '../db/database.js';
import { auditChange, type AuditActor } from '../audit/access-audit.js';
import { isRole, ROLE_DEFINITIONS, ROLES } from '../shared/roles.js';
import { RegionRepository, requireRegionCodeShape } from '../regions/region-repository.js';
import { NotFoundError, UserError } from '../shared/errors.js';
import { hashPassword } from './password.js';
import { assertPasswordAcceptable } from './password-policy.js';
import { newTokenSecret, tokenHash } from './token.js';
import { forgetVerifiedTokens } from './token-cache.js';
import type { SecretKey } from '../shared/secret-key.js';
import { newTotpSecret, totpUri } from './totp.js';
import { sealTotpSecret } from './totp-at-rest.js';
import { UserRepository, type UserRecord } from './user-repository.js';

export interface NewUser {
  username: string;
  password: string;
  role: string;
  regions?: readonly string[];
  cooperativeId?: number | null;
}

export interface CreatedUser {
  user: UserRecord;
  /** Shown once, for the administrator's authenticator app. */
  totp?: { secret: string; uri: string };
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** Creates a user after checking role, scope and password rules; the creation is audited. TOTP seeds are stored sealed. */
export async function createUser(
  database: Database,
  input: NewUser,
  actor: AuditActor,
  secretKey?: SecretKey,
): Promise<CreatedUser> {
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username)) {
    throw new UserError(
      `invalid username "${input.username}": 2–64 characters a-z, 0-9, dot, dash or underscore`,
      'invalid_username',
    );
  }
  if (!isRole(input.role)) {
    throw new UserError(`unknown role "${input.role}": expected one of ${ROLES.join(', ')}`, 'invalid_role');
  }
  await assertPasswordAcceptable(username, input.password);
  const role = input.role;
  const rule = ROLE_DEFINITIONS[role].scope;
  const regionCodes = [...new Set((input.regions ?? []).map(requireRegionCodeShape))];
  const cooperativeId = input.cooperativeId ?? null;
  if (rule === 'regions' && regionCodes.length === 0) {
    throw new UserError(`role ${role} needs at least one --region`, 'scope_required');
  }
  if (rule === 'cooperative' && cooperativeId === null) {
    throw new UserError(`role ${role} needs --cooperative`, 'scope_required');
  }
  if (rule !== 'cooperative' && cooperativeId !== null) {
    throw new UserError(`role ${role} is scoped by region, not by --cooperative`, 'invalid_scope');
  }
  if (rule === 'cooperative' && regionCodes.length > 0) {
    throw new UserError(`role ${role} is scoped by --cooperative, not by --region`, 'invalid_scope');
  }
  const passwordHash = await hashPassword(input.password);
  const totpSecret = ROLE_DEFINITIONS[role].requiresTotp ? newTotpSecret() : null;
  return database.transaction(async (tx) => {
    if (regionCodes.length > 0) {
      const found = await new RegionRepository(tx.db).existing(regionCodes);
      const missing = regionCodes.filter((c) => !found.has(c));
      if (missing.length > 0) throw new NotFoundError(`unknown region code ${missing.join(', ')}`);
    }
    const repo = new UserRepository(tx.db);
    if (cooperativeId !== null && !(await repo.cooperativeExists(cooperativeId))) {
      throw new NotFoundError(`unknown cooperative id ${cooperativeId}`);
    }
    if (await repo.findByUsername(username)) {
      throw new UserError(`user "${username}" already exists`, 'user_exists');
    }
    const user = await repo.insert({
      username,
      passwordHash,
      role,
      regionCodes,
      cooperativeId,
      totpSecret: totpSecret ? sealTotpSecret(username, totpSecret, secretKey) : null,
      createdBy: actor.username,
    });
    await auditChange(tx, actor, {
      action: 'user.create',
      subjectType: 'user',
      subjectId: user.id,
      // `role` in details is the actor's (accessEntry); the new user's role is `user_role`.
      details: { username, user_role: role, regions: regionCodes, cooperative_id: cooperativeId },
    });
    return totpSecret ? { user, totp: { secret: totpSecret, uri: totpUri(username, totpSecret) } } : { user };
  });
}

export async function disableUser(database: Database, username: string, actor: AuditActor): Promise<void> {
  await database.transaction(async (tx) => {
    if (!(await new UserRepository(tx.db).disable(username))) {
      throw new NotFoundError(`no active user "${username}"`);
    }
    await auditChange(tx, actor, { action: 'user.disable', subjectType: 'user', subjectId: username });
  });
  forgetVerifiedTokens();
}

export interface IssuedToken {
  id: number;
  token: string;
  expiresAt: Date | null;
}

/** Issues a bearer token (session or machine API token). Only its hash is stored. */
export async function issueToken(
  database: Database,
  userId: number,
  kind: 'session' | 'api',
  options: { name?: string | null; ttlHours?: number | null; actor: AuditActor },
): Promise<IssuedToken> {
  const token = newTokenSecret(kind);
  const expiresAt = options.ttlHours ? new Date(Date.now() + options.ttlHours * 3_600_000) : null;
  return database.transaction(async (tx) => {
    const row = await new UserRepository(tx.db).insertToken({
      userId,
      kind,
      name: options.name ?? null,
      tokenHash: tokenHash(token),
      expiresAt,
    });
    await auditChange(tx, options.actor, {
      action: kind === 'api' ? 'token.create' : 'auth.login',
      subjectType: 'user',
      subjectId: userId,
      details: { token_id: row.id, ...(options.name ? { name: options.name } : {}) },
    });
    return { id: row.id, token, expiresAt };
  });
}

export async function createApiToken(
  database: Database,
  username: string,
  options: { name: string; days?: number | null; actor: AuditActor },
): Promise<IssuedToken & { username: string }> {
  const user = await new UserRepository(database.db).findByUsername(username.trim().toLowerCase());
  if (!user || user.disabled_at) throw new NotFoundError(`no active user "${username}"`);
  const issued = await issueToken(database, user.id, 'api', {
    name: options.name,
    ttlHours: options.days ? options.days * 24 : null,
    actor: options.actor,
  });
  return { ...issued, username: user.username };
}

export async function revokeApiToken(database: Database, id: number, actor: AuditActor): Promise<void> {
  await database.transaction(async (tx) => {
    if (!(await new UserRepository(tx.db).revokeToken(id))) throw new NotFoundError(`no live token ${id}`);
    await auditChange(tx, actor, { action: 'token.revoke', subjectType: 'token', subjectId: id });
  });
  forgetVerifiedTokens();
}
