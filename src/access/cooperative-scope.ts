import type { Books } from '../cooperatives/storage/ledger-repository.js';
import { NotFoundError, say } from '../shared/errors.js';
import type { AccessContext } from './access-context.js';
import { regionCondition } from './region-scope.js';

/**
 * A cooperative's books if the principal may see it: a coop_officer only their own, a region officer those in
 * their regions. Out of scope answers 404, exactly like a cooperative that does not exist.
 */
export async function cooperativeInScope(ctx: AccessContext, cooperativeId: number): Promise<Books> {
  const scope = ctx.principal.scope;
  let query = ctx.db
    .selectFrom('cooperatives as c')
    .select(['c.id', 'c.village_code'])
    .where('c.id', '=', cooperativeId);
  if (scope.kind === 'cooperative') query = query.where('c.id', '=', scope.cooperativeId);
  else if (scope.kind === 'regions') query = query.where(regionCondition('c.village_code', scope.codes));
  const row = await query.executeTakeFirst();
  if (!row)
    throw new NotFoundError(
      say(`cooperative ${cooperativeId} not found`, `koperasi ${cooperativeId} tidak ditemukan`),
    );
  return { cooperativeId: row.id, provinceCode: row.village_code.slice(0, 2), villageCode: row.village_code };
}

/** The books of a member's cooperative if the principal may see it; out of scope answers 404 like an absent member. */
export async function memberCooperativeInScope(ctx: AccessContext, memberId: number): Promise<Books> {
  const member = await ctx.db
    .selectFrom('cooperative_members')
    .select(['id', 'cooperative_id'])
    .where('id', '=', memberId)
    .executeTakeFirst();
  const books = member ? await cooperativeInScope(ctx, member.cooperative_id).catch(notFoundAsNull) : null;
  if (!books)
    throw new NotFoundError(say(`member ${memberId} not found`, `anggota ${memberId} tidak ditemukan`));
  return books;
}

/** Out of scope reads as not found; any other failure (a lost connection, a bug) propagates. */
function notFoundAsNull(error: unknown): null {
  if (error instanceof NotFoundError) return null;
  throw error;
}
