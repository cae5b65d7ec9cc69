import type { RevertChanges } from './revert-changes.js';
import type { Tx } from '../../db/database.js';
import { affected, sql } from './sql-run.js';

/** Adds one program period's recipient list (staged rows) as program_enrolments. */
export async function mergeBansos(
  tx: Tx,
  batchId: number,
  program: string,
  period: string,
): Promise<{ enrolments_created: number }> {
  const created = await affected(
    tx,
    sql`INSERT INTO program_enrolments
        (province_code, program_code, period, nik, kk, name, name_normalized, village_code, amount, components,
         batch_id)
      SELECT left(village_code, 2), ${program}, ${period}, nik, kk, name, name_normalized, village_code, amount,
        components, ${batchId}
      FROM intake_stage ORDER BY line`,
  );
  return { enrolments_created: created };
}

export async function revertBansos(tx: Tx, batchId: number): Promise<RevertChanges> {
  return {
    enrolments_deleted: await affected(tx, sql`DELETE FROM program_enrolments WHERE batch_id = ${batchId}`),
  };
}
