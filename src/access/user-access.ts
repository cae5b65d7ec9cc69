import { createUser, disableUser, type CreatedUser, type NewUser } from '../auth/user-service.js';
import { logout } from '../auth/login-service.js';
import { UserRepository, type UserRecord } from '../auth/user-repository.js';
import { NotFoundError, say } from '../shared/errors.js';
import type { Principal } from '../shared/principal.js';
import type { AccessContext } from './access-context.js';
import { ForbiddenError } from './access-errors.js';
import { regionInScope } from './region-scope.js';
import { isRole, permissionsBeyond } from '../shared/roles.js';

/** Whether a principal of this scope sees a user: national all; regions only users wholly inside them. */
export function userVisibleTo(scope: Principal['scope'], user: UserRecord): boolean {
  if (scope.kind === 'national') return true;
  if (scope.kind === 'cooperative') return false;
  return user.regionCodes.length > 0 && user.regionCodes.every((c) => regionInScope(c, scope));
}

/** Users. A region-scoped administrator or auditor sees and creates only users inside their regions. */
export class UserAccess {
  constructor(private readonly ctx: AccessContext) {}

  private visible(user: UserRecord): boolean {
    return userVisibleTo(this.ctx.principal.scope, user);
  }

  /** Staff accounts (names, roles, regions) are personal data too: the list is audited. */
  async list(): Promise<UserRecord[]> {
    this.ctx.require('users:read');
    const users = (await new UserRepository(this.ctx.db).list()).filter((u) => this.visible(u));
    await this.ctx.audit({
      action: 'user.list',
      subjectType: 'user',
      identifiersRevealed: false,
      details: { returned: users.length },
    });
    return users;
  }

  async get(id: number): Promise<UserRecord> {
    const user = await this.find(id);
    await this.ctx.audit({
      action: 'user.read',
      subjectType: 'user',
      subjectId: id,
      identifiersRevealed: false,
    });
    return user;
  }

  private async find(id: number): Promise<UserRecord> {
    this.ctx.require('users:read');
    const user = await new UserRepository(this.ctx.db).find(id);
    if (!user || !this.visible(user)) throw new NotFoundError(`user ${id} not found`);
    return user;
  }

  /**
   * Separation of duties: the new user's role may not carry a permission the creator lacks (an administrator
   * cannot create a pii:read user and sign in as it). Decided on the roles alone, before any region lookup.
   * Such users are created on the server host with `entas users add` (local operator, audited).
   */
  async create(input: NewUser): Promise<CreatedUser> {
    this.ctx.require('users:manage');
    if (isRole(input.role)) {
      const beyond = permissionsBeyond(this.ctx.principal.role, input.role);
      if (beyond.length > 0) {
        throw new ForbiddenError(
          say(
            `role ${this.ctx.principal.role} cannot grant role ${input.role}: it carries ${beyond.join(', ')}, ` +
              'which the granting role lacks (separation of duties; use `entas users add` on the server)',
            `peran ${this.ctx.principal.role} tidak dapat memberikan peran ${input.role}: peran itu memuat ` +
              `${beyond.join(', ')}, yang tidak dimiliki peran pemberi (pemisahan tugas; gunakan ` +
              '`entas users add` di server)',
          ),
        );
      }
    }
    const scope = this.ctx.principal.scope;
    if (scope.kind !== 'national') {
      const regions = input.regions ?? [];
      if (regions.length === 0 || !regions.every((c) => regionInScope(c, scope)) || input.cooperativeId) {
        throw new NotFoundError('region not found');
      }
    }
    return createUser(this.ctx.database, input, this.ctx.auditActor);
  }

  async disable(id: number): Promise<void> {
    this.ctx.require('users:manage');
    const user = await this.find(id);
    await disableUser(this.ctx.database, user.username, this.ctx.auditActor);
  }

  /** Signs the principal out: revokes the session `secret`, audited as this principal. */
  async signOut(secret: string): Promise<void> {
    await logout(this.ctx.database, secret, this.ctx.auditActor, this.ctx.principal.userId);
  }
}
