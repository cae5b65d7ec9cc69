import { createApiToken, revokeApiToken } from '../auth/user-service.js';
import { UserRepository, type UserRecord } from '../auth/user-repository.js';
import { NotFoundError, say } from '../shared/errors.js';
import { isRole, permissionsBeyond } from '../shared/roles.js';
import type { AccessContext } from './access-context.js';
import { ForbiddenError } from './access-errors.js';
import { userVisibleTo } from './user-access.js';

export interface ApiTokenRow {
  id: number;
  username: string;
  name: string | null;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/**
 * Machine API tokens (what `entas users token` does) through the principal's scope: an administrator sees and
 * manages only the tokens of users it may see (a region-scoped one: users inside its regions). A token acts as its
 * user, so issuing one follows the rule for creating users (separation of duties): the user's role may not carry
 * a permission the issuer lacks — else an administrator could read identifiers through a token it made for a
 * pendamping. Secrets are shown once, at issue; only their hashes are stored. Out of scope looks like absent.
 */
export class ApiTokenAccess {
  constructor(private readonly ctx: AccessContext) {}

  private async visibleUsers(): Promise<Map<string, UserRecord>> {
    const users = await new UserRepository(this.ctx.db).list();
    const scope = this.ctx.principal.scope;
    return new Map(users.filter((u) => userVisibleTo(scope, u)).map((u) => [u.username, u]));
  }

  /** Tokens (never their secrets) with the user each acts as; audited like the user list. */
  async list(): Promise<ApiTokenRow[]> {
    this.ctx.require('users:read');
    const users = await this.visibleUsers();
    const rows = (await new UserRepository(this.ctx.db).listTokens()).filter((t) => users.has(t.username));
    await this.ctx.audit({
      action: 'token.list',
      subjectType: 'token',
      identifiersRevealed: false,
      details: { returned: rows.length },
    });
    return rows;
  }

  async issue(input: { username: string; name: string; days: number | null }) {
    this.ctx.require('users:manage');
    const username = input.username.trim().toLowerCase();
    const user = (await this.visibleUsers()).get(username);
    if (!user || user.disabled)
      throw new NotFoundError(say(`no active user "${username}"`, `tidak ada pengguna aktif "${username}"`));
    if (isRole(user.role)) {
      const beyond = permissionsBeyond(this.ctx.principal.role, user.role);
      if (beyond.length > 0) {
        throw new ForbiddenError(
          say(
            `role ${this.ctx.principal.role} cannot issue a token for ${username} (role ${user.role}): it would ` +
              `carry ${beyond.join(', ')}, which the issuing role lacks (separation of duties; use ` +
              '`entas users token create` on the server)',
            `peran ${this.ctx.principal.role} tidak dapat membuat token untuk ${username} (peran ${user.role}): ` +
              `token itu memuat ${beyond.join(', ')}, yang tidak dimiliki peran pembuat (pemisahan tugas; ` +
              'gunakan `entas users token create` di server)',
          ),
        );
      }
    }
    return createApiToken(this.ctx.database, username, {
      name: input.name,
      days: input.days,
      actor: this.ctx.auditActor,
    });
  }

  async revoke(id: number): Promise<void> {
    this.ctx.require('users:manage');
    const users = await this.visibleUsers();
    const token = (await new UserRepository(this.ctx.db).listTokens()).find((t) => t.id === id);
    if (!token || !users.has(token.username))
      throw new NotFoundError(say(`no live token ${id}`, `tidak ada token aktif ${id}`));
    await revokeApiToken(this.ctx.database, id, this.ctx.auditActor);
  }
}
