import type { RevertChanges } from './revert-changes.js';
import type { Tx } from '../../db/database.js';
import { assertNoLaterChanges, dropPriorRows } from './prior-rows.js';
import { affected, sql } from './sql-run.js';

/**
 * Merges a member list: a member already registered in the same cooperative (same member number, or same NIK
 * when the list has no member numbers) is updated, with its prior state saved; others are added.
 */
export async function mergeMembers(
  tx: Tx,
  batchId: number,
): Promise<{ members_created: number; members_updated: number }> {
  await tx.exec(`CREATE TEMP TABLE intake_mm ON COMMIT DROP AS
    SELECT DISTINCT ON (member_id) line, member_id FROM (
      SELECT DISTINCT ON (s.line) s.line, m.id AS member_id
      FROM intake_stage s JOIN cooperative_members m ON m.cooperative_id = s.cooperative_id
        AND ((s.member_no IS NOT NULL AND m.member_no = s.member_no)
          OR (s.member_no IS NULL AND s.nik IS NOT NULL AND m.nik = s.nik))
      ORDER BY s.line, m.id) candidates
    ORDER BY member_id, line`);
  await sql`INSERT INTO intake_prior_rows (batch_id, table_name, row_id, data)
    SELECT ${batchId}, 'cooperative_members', m.id, to_jsonb(m) FROM cooperative_members m
    JOIN intake_mm mm ON mm.member_id = m.id`.execute(tx.db);
  const updated = await affected(
    tx,
    sql`UPDATE cooperative_members m SET member_no = coalesce(s.member_no, m.member_no),
        nik = coalesce(s.nik, m.nik), name = s.name, name_normalized = s.name_normalized,
        joined_on = coalesce(s.joined_on, m.joined_on), savings_paid = s.savings_paid, batch_id = ${batchId}
      FROM intake_mm mm JOIN intake_stage s ON s.line = mm.line WHERE m.id = mm.member_id`,
  );
  const created = await affected(
    tx,
    sql`INSERT INTO cooperative_members (cooperative_id, member_no, nik, name, name_normalized, joined_on,
        savings_paid, batch_id)
      SELECT s.cooperative_id, s.member_no, s.nik, s.name, s.name_normalized, s.joined_on, s.savings_paid, ${batchId}
      FROM intake_stage s WHERE NOT EXISTS (SELECT 1 FROM intake_mm mm WHERE mm.line = s.line)
      ORDER BY s.line`,
  );
  return { members_created: created, members_updated: updated };
}

export async function revertMembers(tx: Tx, batchId: number): Promise<RevertChanges> {
  await assertNoLaterChanges(tx, batchId, ['cooperative_members']);
  const restored = await affected(
    tx,
    sql`UPDATE cooperative_members m SET member_no = r.member_no, nik = r.nik, name = r.name,
        name_normalized = r.name_normalized, joined_on = r.joined_on, savings_paid = r.savings_paid,
        batch_id = r.batch_id
      FROM intake_prior_rows pr CROSS JOIN LATERAL jsonb_populate_record(NULL::cooperative_members, pr.data) r
      WHERE pr.batch_id = ${batchId} AND pr.table_name = 'cooperative_members' AND m.id = pr.row_id`,
  );
  const deleted = await affected(tx, sql`DELETE FROM cooperative_members WHERE batch_id = ${batchId}`);
  await dropPriorRows(tx, batchId);
  return { members_deleted: deleted, members_restored: restored };
}
