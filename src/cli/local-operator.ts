import type { AuditActor } from '../audit/access-audit.js';
import { parsePurpose } from '../privacy/pii.js';
import type { CommandContext } from './command-runner.js';

/**
 * The person at the server's console, as the audit log records them. The CLI works on the database directly (it
 * is the operator's bootstrap and maintenance path: whoever can run it can read the database anyway), so it has no
 * role of access/roles.ts; its entries say `local_operator`, origin `cli`, the OS user, and the purpose given.
 */
export function localOperator(
  ctx: Pick<CommandContext, 'actor'>,
  options: { purpose?: string | undefined; identifiersRevealed?: boolean } = {},
): AuditActor {
  return {
    username: ctx.actor,
    role: 'local_operator',
    origin: 'cli',
    purpose: parsePurpose(options.purpose),
    identifiersRevealed: options.identifiersRevealed ?? false,
  };
}
