import { sql } from 'kysely';
import type { Tx } from './database.js';

/** Whether this database is a Citus coordinator: the extension is installed (docs/SCALE.md). */
export async function citusInstalled(tx: Tx): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'citus'`.execute(tx.db);
  return rows[0]!.n > 0;
}

/**
 * On Citus, runs this transaction's multi-shard writes over one connection per worker. Citus refuses a write to
 * a reference table (source batches, policy applications) after a parallel multi-shard write in the same
 * transaction; a transaction that writes its batch or application row after its rows asks for this first.
 * Nothing changes on one server.
 */
export async function sequentialShardWrites(tx: Tx): Promise<void> {
  if (await citusInstalled(tx)) await tx.exec(`SET LOCAL citus.multi_shard_modify_mode TO 'sequential'`);
}
