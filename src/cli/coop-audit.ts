import { auditAccess, auditChange } from '../audit/access-audit.js';
import { openBooks, type Books } from '../cooperatives/storage/ledger-repository.js';
import type { Database, Tx } from '../db/database.js';
import type { CommandContext } from './command-runner.js';
import { localOperator } from './local-operator.js';
import { integerOption } from './option-values.js';

/**
 * The console operator's reads and changes of one cooperative's books, audited the one way: subject the
 * cooperative, region its village, actor the local operator (cli/local-operator.ts).
 */
export type CoopSubject = Pick<Books, 'cooperativeId' | 'villageCode'>;

/** The open database and the books of the cooperative named by `--coop` (not found: the command fails). */
export async function coopBooks(
  ctx: CommandContext,
  coop: string,
): Promise<{ database: Database; books: Books }> {
  const database = await ctx.database();
  const books = await database.transaction((tx) => openBooks(tx, integerOption('--coop', coop)));
  return { database, books };
}

/** Audits a read of one cooperative's records (group-committed; resolves once durable). */
export function auditCoopRead(
  ctx: CommandContext,
  database: Database,
  books: CoopSubject,
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  return auditAccess(database, localOperator(ctx), coopEntry(books, action, details));
}

/** Audits a change to one cooperative's books inside the change's transaction. */
export function auditCoopChange(
  ctx: CommandContext,
  tx: Tx,
  books: CoopSubject,
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  return auditChange(tx, localOperator(ctx), coopEntry(books, action, details));
}

function coopEntry(books: CoopSubject, action: string, details: Record<string, unknown>) {
  return {
    action,
    subjectType: 'cooperative',
    subjectId: books.cooperativeId,
    regionCode: books.villageCode,
    details,
  };
}
