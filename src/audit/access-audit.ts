import type { Database, Tx } from '../db/database.js';
import { appendAudit, type AuditEntryInput } from './audit-log.js';
import { auditWriter } from './audit-writer.js';

/**
 * Who is acting, as the audit log records it: a signed-in API user (access/access-context.ts) or the local
 * operator running the CLI (cli/local-operator.ts). Every audited access goes through `accessEntry`, so no entry
 * lacks the actor, origin, role, purpose or whether full identifiers were shown.
 */
export interface AuditActor {
  username: string;
  /** A role of access/roles.ts, or 'local_operator' for the CLI. */
  role: string;
  origin: string | null;
  purpose: string | null;
  /** Whether this actor is shown full NIK/No. KK in what the entry records. */
  identifiersRevealed: boolean;
}

/**
 * An actor with no signed-in user and no role of access/roles.ts: the operator at the console (cli/local-operator.ts
 * adds the purpose given), the demo builder, benchmarks, tests.
 */
export function localActor(username: string, origin = 'cli'): AuditActor {
  return { username, role: 'local_operator', origin, purpose: null, identifiersRevealed: false };
}

/**
 * Someone not (yet) signed in, e.g. a failed sign-in under the name typed: no role is established, so the entry
 * says `unauthenticated`.
 */
export function unauthenticatedActor(username: string, origin: string | null): AuditActor {
  return { username, role: 'unauthenticated', origin, purpose: null, identifiersRevealed: false };
}

/** The platform itself, acting on no one's request (start-up housekeeping such as sealing stored secrets). */
export function systemActor(origin: string | null): AuditActor {
  return { username: 'system', role: 'system', origin, purpose: null, identifiersRevealed: false };
}

export type AccessEntry = Omit<AuditEntryInput, 'actor' | 'origin' | 'purpose'> & {
  /** Overrides the actor's default when one read shows identifiers and another does not. */
  identifiersRevealed?: boolean;
};

/** The one place an audit entry gets actor, origin, role, purpose and `identifiers_revealed`. */
export function accessEntry(actor: AuditActor, entry: AccessEntry): AuditEntryInput {
  const { identifiersRevealed, ...rest } = entry;
  return {
    ...rest,
    actor: actor.username,
    origin: actor.origin,
    purpose: actor.purpose,
    details: {
      ...entry.details,
      role: actor.role,
      identifiers_revealed: identifiersRevealed ?? actor.identifiersRevealed,
    },
  };
}

/** Audits a read (group-committed; resolves once durable, so nothing is answered unaudited). */
export function auditAccess(database: Database, actor: AuditActor, entry: AccessEntry): Promise<void> {
  return auditWriter(database).append(accessEntry(actor, entry));
}

/** Audits a change inside its transaction (it commits or rolls back with the change). */
export async function auditChange(tx: Tx, actor: AuditActor, entry: AccessEntry): Promise<void> {
  await appendAudit(tx, accessEntry(actor, entry));
}
