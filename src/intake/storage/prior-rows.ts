import { UserError } from '../../shared/errors.js';
import type { Tx } from '../../db/database.js';
import { rows, sql } from './sql-run.js';

export type TrackedTable =
  'households' | 'persons' | 'cooperatives' | 'cooperative_members' | 'cooperative_officers';

/**
 * Refuses to revert a batch when a later, still-active batch changed rows it wrote: the later batch's saved
 * prior state then names this batch, and reverting out of order would lose the later change.
 */
export async function assertNoLaterChanges(tx: Tx, batchId: number, tables: readonly TrackedTable[]) {
  const later = await rows(
    tx,
    sql<{ batch_id: number }>`SELECT pr.batch_id FROM intake_prior_rows pr
      JOIN source_batches b ON b.id = pr.batch_id AND b.reverted_at IS NULL
      WHERE pr.batch_id > ${batchId} AND pr.table_name IN (${sql.join(tables)})
        AND (pr.data->>'batch_id')::bigint = ${batchId}
      ORDER BY pr.batch_id DESC LIMIT 1`,
  );
  if (later[0]) {
    throw new UserError(
      `batch ${batchId} cannot be reverted: batch ${later[0].batch_id} later updated rows it wrote; revert batch ${later[0].batch_id} first`,
      'revert_order',
    );
  }
}

export async function dropPriorRows(tx: Tx, batchId: number): Promise<void> {
  await sql`DELETE FROM intake_prior_rows WHERE batch_id = ${batchId}`.execute(tx.db);
}
