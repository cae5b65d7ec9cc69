import type { Tx } from '../../db/database.js';
import { quoteIdent } from '../../db/database.js';

export const STAGING_TABLE = 'intake_stage';

/** A temporary table for one batch's validated rows, dropped at commit (nothing left behind on failure). */
export async function createStagingTable(
  tx: Tx,
  columns: readonly { name: string; type: string }[],
): Promise<void> {
  const defs = columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');
  await tx.exec(`CREATE TEMP TABLE ${STAGING_TABLE} (${defs}) ON COMMIT DROP`);
}

export async function analyzeStaging(tx: Tx): Promise<void> {
  await tx.exec(`ANALYZE ${STAGING_TABLE}`);
}
