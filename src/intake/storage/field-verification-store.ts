import type { RevertChanges } from './revert-changes.js';
import type { Tx } from '../../db/database.js';
import { assertNoLaterChanges, dropPriorRows } from './prior-rows.js';
import { affected, sql } from './sql-run.js';

/**
 * Undoes an accepted field-verification proposal's batch (pilots/verification): restores the persons and the
 * household it changed from their saved state and deletes a member it added. The proposal stays accepted, its
 * batch marked reverted, so the DTSEN update export leaves it out.
 */
export async function revertFieldVerification(tx: Tx, batchId: number): Promise<RevertChanges> {
  await assertNoLaterChanges(tx, batchId, ['households', 'persons']);
  const personsRestored = await affected(
    tx,
    sql`UPDATE persons x SET household_id = r.household_id, disability = r.disability, deceased_on = r.deceased_on,
        batch_id = r.batch_id, updated_at = r.updated_at
      FROM intake_prior_rows pr CROSS JOIN LATERAL jsonb_populate_record(NULL::persons, pr.data) r
      WHERE pr.batch_id = ${batchId} AND pr.table_name = 'persons' AND x.id = pr.row_id`,
  );
  const personsDeleted = await affected(tx, sql`DELETE FROM persons WHERE batch_id = ${batchId}`);
  const householdsRestored = await affected(
    tx,
    sql`UPDATE households h SET village_code = r.village_code, address = r.address, batch_id = r.batch_id,
        updated_at = r.updated_at
      FROM intake_prior_rows pr CROSS JOIN LATERAL jsonb_populate_record(NULL::households, pr.data) r
      WHERE pr.batch_id = ${batchId} AND pr.table_name = 'households' AND h.id = pr.row_id`,
  );
  await dropPriorRows(tx, batchId);
  return {
    persons_restored: personsRestored,
    persons_deleted: personsDeleted,
    households_restored: householdsRestored,
  };
}
