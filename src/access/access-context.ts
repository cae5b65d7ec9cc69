import type { Kysely } from 'kysely';
import { auditAccess, auditChange, type AccessEntry, type AuditActor } from '../audit/access-audit.js';
import type { Database, Tx } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { revealsIdentifiers } from '../privacy/pii.js';
import { say, UserError, type Bilingual } from '../shared/errors.js';
import { ForbiddenError } from './access-errors.js';
import { can, type Principal } from '../shared/principal.js';
import type { Permission } from '../shared/roles.js';

/** What every scoped repository gets: the database, the principal, and the audit/permission helpers. */
export class AccessContext {
  readonly reveal: boolean;

  constructor(
    readonly database: Database,
    readonly principal: Principal,
  ) {
    this.reveal = revealsIdentifiers(principal);
  }

  get db(): Kysely<DB> {
    return this.database.db;
  }

  require(permission: Permission): void {
    if (!can(this.principal, permission)) {
      throw new ForbiddenError(`role ${this.principal.role} lacks permission ${permission}`);
    }
  }

  /**
   * For a request that needs full identifiers (a search by NIK or No. KK): says which condition is missing,
   * the role's pii:read permission (403 forbidden) or the stated purpose (purpose_required).
   */
  requireReveal(what: Bilingual): void {
    if (!can(this.principal, 'pii:read')) {
      throw new ForbiddenError(
        say(
          `${what.en} needs permission pii:read, which role ${this.principal.role} does not have`,
          `${what.id} memerlukan izin pii:read, yang tidak dimiliki peran ${this.principal.role}`,
        ),
      );
    }
    if (!this.reveal) {
      throw new UserError(
        say(
          `${what.en} needs a stated purpose (X-Purpose header, at least 3 characters)`,
          `${what.id} memerlukan tujuan akses (header X-Purpose, minimal 3 karakter)`,
        ),
        'purpose_required',
      );
    }
  }

  /** This principal as the audit log records it. */
  get auditActor(): AuditActor {
    const p = this.principal;
    return {
      username: p.username,
      role: p.role,
      origin: p.origin,
      purpose: p.purpose,
      identifiersRevealed: this.reveal,
    };
  }

  /** Writes an audit entry for a read by this principal (group-committed; resolves once it is durable). */
  async audit(entry: AccessEntry): Promise<void> {
    await auditAccess(this.database, this.auditActor, entry);
  }

  /** Writes an audit entry for a change by this principal, inside the change's transaction. */
  async auditIn(tx: Tx, entry: AccessEntry): Promise<void> {
    await auditChange(tx, this.auditActor, entry);
  }
}
