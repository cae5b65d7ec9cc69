import type { RevertChanges } from './revert-changes.js';
import type { Tx } from '../../db/database.js';
import { UserError } from '../../shared/errors.js';
import { assertNoLaterChanges, dropPriorRows } from './prior-rows.js';
import { affected, rows, sql } from './sql-run.js';

/** Upserts a cooperative register by registration number, saving the prior state of updated cooperatives. */
export async function mergeCooperatives(
  tx: Tx,
  batchId: number,
): Promise<{ cooperatives_created: number; cooperatives_updated: number }> {
  await sql`INSERT INTO intake_prior_rows (batch_id, table_name, row_id, data)
    SELECT ${batchId}, 'cooperatives', c.id, to_jsonb(c) FROM cooperatives c
    JOIN intake_stage s ON s.registration_no = c.registration_no`.execute(tx.db);
  const updated = await affected(
    tx,
    sql`UPDATE cooperatives c SET name = s.name, village_code = s.village_code, kind = s.kind, type = s.type,
        business_units = s.business_units, status = s.status,
        established_on = coalesce(s.established_on, c.established_on),
        member_capacity = coalesce(s.member_capacity, c.member_capacity), batch_id = ${batchId}, updated_at = now()
      FROM intake_stage s WHERE s.registration_no = c.registration_no`,
  );
  const created = await affected(
    tx,
    sql`INSERT INTO cooperatives (registration_no, name, village_code, kind, type, business_units, status,
        established_on, member_capacity, batch_id)
      SELECT s.registration_no, s.name, s.village_code, s.kind, s.type, s.business_units, s.status,
        s.established_on, s.member_capacity, ${batchId}
      FROM intake_stage s
      WHERE NOT EXISTS (SELECT 1 FROM cooperatives c WHERE c.registration_no = s.registration_no)
      ORDER BY s.line`,
  );
  return { cooperatives_created: created, cooperatives_updated: updated };
}

export async function revertCooperatives(tx: Tx, batchId: number): Promise<RevertChanges> {
  await assertNoLaterChanges(tx, batchId, ['cooperatives']);
  const dependants = await rows(
    tx,
    sql<{ n: number; officers: number }>`SELECT
        (SELECT count(*)::int FROM cooperative_members m JOIN cooperatives c ON c.id = m.cooperative_id
          WHERE c.batch_id = ${batchId} AND m.batch_id IS DISTINCT FROM ${batchId}
            AND NOT EXISTS (SELECT 1 FROM intake_prior_rows pr WHERE pr.batch_id = ${batchId}
                            AND pr.table_name = 'cooperatives' AND pr.row_id = c.id)) AS n,
        (SELECT count(*)::int FROM cooperative_officers o JOIN cooperatives c ON c.id = o.cooperative_id
          WHERE c.batch_id = ${batchId} AND o.batch_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM intake_prior_rows pr WHERE pr.batch_id = ${batchId}
                            AND pr.table_name = 'cooperatives' AND pr.row_id = c.id)) AS officers`,
  );
  if ((dependants[0]?.n ?? 0) > 0) {
    throw new UserError(
      `batch ${batchId} cannot be reverted: ${dependants[0]!.n} members were added to its cooperatives by later imports; revert those member batches first`,
      'revert_order',
    );
  }
  // Officers cascade with their cooperative: imported ones are reverted with their own batch first.
  if ((dependants[0]?.officers ?? 0) > 0) {
    throw new UserError(
      `batch ${batchId} cannot be reverted: ${dependants[0]!.officers} officers were imported into its cooperatives by later imports; revert those officer batches first`,
      'revert_order',
    );
  }
  const restored = await affected(
    tx,
    sql`UPDATE cooperatives c SET name = r.name, village_code = r.village_code, kind = r.kind, type = r.type,
        business_units = r.business_units, status = r.status, established_on = r.established_on,
        member_capacity = r.member_capacity, batch_id = r.batch_id, updated_at = r.updated_at
      FROM intake_prior_rows pr CROSS JOIN LATERAL jsonb_populate_record(NULL::cooperatives, pr.data) r
      WHERE pr.batch_id = ${batchId} AND pr.table_name = 'cooperatives' AND c.id = pr.row_id`,
  );
  const deleted = await affected(tx, sql`DELETE FROM cooperatives WHERE batch_id = ${batchId}`);
  await dropPriorRows(tx, batchId);
  return { cooperatives_deleted: deleted, cooperatives_restored: restored };
}
