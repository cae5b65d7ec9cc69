import { auditChange } from '../../../audit/access-audit.js';
import type { FoundingView } from '../../../cooperatives/operations-service.js';
import type { Books } from '../../../cooperatives/storage/ledger-repository.js';
import type { Tx } from '../../../db/database.js';
import type { CommandContext } from '../../command-runner.js';
import { tr } from '../../lang.js';
import { auditCoopChange } from '../../coop-audit.js';
import { localOperator } from '../../local-operator.js';

/** Today's date (UTC), the default of --as-of. */
export const today = () => new Date().toISOString().slice(0, 10);
/** Commander's collector for a repeatable option. */
export const collect = (value: string, previous: string[]) => [...previous, value];

/** A change in one transaction with its audit entry (the CLI's operator, origin cli). */
export async function change<T>(
  ctx: CommandContext,
  action: string,
  work: (tx: Tx) => Promise<T & { books: Books }>,
  details: (r: T) => Record<string, unknown>,
): Promise<T> {
  const database = await ctx.database();
  return database.transaction(async (tx) => {
    const r = await work(tx);
    await auditCoopChange(ctx, tx, r.books, action, details(r));
    return r;
  });
}

/** A founding checklist as text: status, then one line per step. */
export function foundingText(f: FoundingView): string {
  return [
    `${f.name} (${f.village_code}): ${f.status}${f.cooperative_id === null ? '' : ` → ${tr('cooperative', 'koperasi')} ${f.cooperative_id}`}`,
    ...f.steps.map(
      (s) => `  [${s.done ? 'x' : ' '}] ${s.step.padEnd(18)}${s.done_on ?? ''}  ${s.document ?? ''}`,
    ),
  ].join('\n');
}

/** A founding change in one transaction with its audit entry (subject the founding, region its village). */
export async function foundingChange(
  ctx: CommandContext,
  auditAction: string,
  work: (tx: Tx) => Promise<FoundingView>,
  details: Record<string, unknown>,
): Promise<FoundingView> {
  const database = await ctx.database();
  return database.transaction(async (tx) => {
    const f = await work(tx);
    await auditChange(tx, localOperator(ctx), {
      action: auditAction,
      subjectType: 'coop_founding',
      subjectId: f.id,
      regionCode: f.village_code,
      details,
    });
    return f;
  });
}
