import type { RevertChanges } from './revert-changes.js';
import type { Tx } from '../../db/database.js';
import { assertNoLaterChanges, dropPriorRows } from './prior-rows.js';
import { affected, rows, sql } from './sql-run.js';

/**
 * Merges a register of officers: an officer already recorded in the same cooperative, post and term start with
 * the same NIK is updated (name, No. KK, ex officio, term end), with its prior state saved; the others are
 * appointed. Like an appointment through the API, the officer is not linked to a person record.
 */
export async function mergeOfficers(
  tx: Tx,
  batchId: number,
): Promise<{ officers_appointed: number; officers_updated: number }> {
  await tx.exec(`CREATE TEMP TABLE intake_om ON COMMIT DROP AS
    SELECT DISTINCT ON (officer_id) line, officer_id FROM (
      SELECT DISTINCT ON (s.line) s.line, o.id AS officer_id
      FROM intake_stage s JOIN cooperative_officers o ON o.cooperative_id = s.cooperative_id
        AND o.position = s.position AND o.nik = s.nik AND o.start_date = s.start_date
      ORDER BY s.line, o.id) candidates
    ORDER BY officer_id, line`);
  await sql`INSERT INTO intake_prior_rows (batch_id, table_name, row_id, data)
    SELECT ${batchId}, 'cooperative_officers', o.id, to_jsonb(o) FROM cooperative_officers o
    JOIN intake_om om ON om.officer_id = o.id`.execute(tx.db);
  const updated = await affected(
    tx,
    sql`UPDATE cooperative_officers o SET name = s.name, kk = coalesce(s.kk, o.kk), ex_officio = s.ex_officio,
        end_date = s.end_date, batch_id = ${batchId}
      FROM intake_om om JOIN intake_stage s ON s.line = om.line WHERE o.id = om.officer_id`,
  );
  const appointed = await affected(
    tx,
    sql`INSERT INTO cooperative_officers (cooperative_id, position, name, nik, kk, ex_officio, person_id,
        start_date, end_date, batch_id)
      SELECT s.cooperative_id, s.position, s.name, s.nik, s.kk, s.ex_officio, NULL, s.start_date, s.end_date,
        ${batchId}
      FROM intake_stage s WHERE NOT EXISTS (SELECT 1 FROM intake_om om WHERE om.line = s.line)
      ORDER BY s.line`,
  );
  return { officers_appointed: appointed, officers_updated: updated };
}

/** The cooperatives a staged register names, with their registration numbers (for the registrar's checks). */
export async function stagedCooperatives(tx: Tx): Promise<{ id: number; registration_no: string }[]> {
  return rows(
    tx,
    sql<{ id: number; registration_no: string }>`SELECT c.id, c.registration_no FROM cooperatives c
      WHERE c.id IN (SELECT cooperative_id FROM intake_stage) ORDER BY c.registration_no`,
  );
}

export async function revertOfficers(tx: Tx, batchId: number): Promise<RevertChanges> {
  await assertNoLaterChanges(tx, batchId, ['cooperative_officers']);
  const restored = await affected(
    tx,
    sql`UPDATE cooperative_officers o SET name = r.name, kk = r.kk, ex_officio = r.ex_officio,
        end_date = r.end_date, batch_id = r.batch_id
      FROM intake_prior_rows pr CROSS JOIN LATERAL jsonb_populate_record(NULL::cooperative_officers, pr.data) r
      WHERE pr.batch_id = ${batchId} AND pr.table_name = 'cooperative_officers' AND o.id = pr.row_id`,
  );
  const deleted = await affected(tx, sql`DELETE FROM cooperative_officers WHERE batch_id = ${batchId}`);
  await dropPriorRows(tx, batchId);
  return { officers_deleted: deleted, officers_restored: restored };
}
