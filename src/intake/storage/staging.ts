import type { Tx } from '../../db/database.js';
import { quoteIdent } from '../../db/database.js';
import { trySetLocal } from '../../db/set-local.js';

export const STAGING_TABLE = 'intake_stage';

/** A temporary table for one batch's validated rows, dropped at commit (nothing left behind on failure). */
export async function createStagingTable(
  tx: Tx,
  columns: readonly { name: string; type: string }[],
): Promise<void> {
  const defs = columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');
  await tx.exec(`CREATE TEMP TABLE ${STAGING_TABLE} (${defs}) ON COMMIT DROP`);
}

/**
 * Session settings for one import transaction on a PostgreSQL server: the merge sorts and hashes whole files,
 * which spill to disk with the default 4 MB work_mem; JIT compilation costs more than it saves for these
 * one-off statements; the staging table (scanned by every check and merge statement) stays in this session's
 * temporary buffers instead of going back to the file system on each scan. temp_buffers can only be set before
 * the session's first temporary table, so a pooled session that already had one keeps its value.
 * PGlite keeps its defaults (its memory is the WebAssembly heap of this process).
 */
export async function tuneImportSession(tx: Tx): Promise<void> {
  if (tx.kind !== 'postgres') return;
  await tx.exec(`SET LOCAL work_mem = '256MB'; SET LOCAL jit = off`);
  await trySetLocal(tx, 'temp_buffers', '256MB');
}

/** Loads validated rows (COPY lines in `columns` order) into the staging table. */
export async function copyStaged(
  tx: Tx,
  columns: readonly string[],
  lines: AsyncIterable<string> | Iterable<string>,
): Promise<void> {
  await tx.copyFrom(STAGING_TABLE, columns, lines);
}

/** Loads a batch's row warnings (COPY lines, as the row pipeline wrote them) into intake_warnings. */
export async function copyWarnings(tx: Tx, lines: AsyncIterable<string> | Iterable<string>): Promise<void> {
  await tx.copyFrom(
    'intake_warnings',
    ['batch_id', 'line', 'field', 'value', 'code', 'message', 'message_id'],
    lines,
  );
}

export async function analyzeStaging(tx: Tx): Promise<void> {
  await tx.exec(`ANALYZE ${STAGING_TABLE}`);
}
