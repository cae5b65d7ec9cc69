import type { Tx } from '../../db/database.js';
import { trySetLocal } from '../../db/set-local.js';
import type { RawBuilder } from 'kysely';
import { count, sql } from './sql-run.js';

/**
 * Bulk merges check their foreign keys once, set-based, instead of by one trigger call per written row (for a
 * national extract that is millions of index look-ups, about half the merge). The constraints stay declared in
 * the schema: only this transaction's row triggers are paused (session_replication_role = replica, which needs
 * superuser or the SET privilege on it; without it the triggers simply run). The caller must then prove every
 * constraint on the rows it wrote with `assertNoDanglingReferences` before the transaction can commit.
 * Replica mode would pause every trigger, so it is used only while `tables` have none but foreign keys. Not on
 * Citus: its workers refuse the setting (the coordinator's connections to them are not superuser-equivalent for
 * it), and there the foreign keys are checked on the shards by the workers anyway, so the triggers run.
 *
 * Returns whether the triggers were paused.
 */
export async function pauseRowTriggers(tx: Tx, tables: readonly string[]): Promise<boolean> {
  const own = await count(
    tx,
    sql<{ n: string }>`SELECT count(*) AS n FROM pg_trigger
      WHERE NOT tgisinternal AND tgrelid IN (${sql.join(tables.map((t) => sql`${t}::regclass`))})`,
  );
  if (own > 0) return false;
  const citus = await count(
    tx,
    sql<{ n: string }>`SELECT count(*) AS n FROM pg_extension WHERE extname = 'citus'`,
  );
  if (citus > 0) return false;
  return trySetLocal(tx, 'session_replication_role', 'replica');
}

export async function resumeRowTriggers(tx: Tx): Promise<void> {
  await tx.exec('SET LOCAL session_replication_role = origin');
}

/** One foreign key to prove on the rows a merge wrote: `table.column` → `references.key`. */
export interface ForeignKey {
  table: string;
  column: string;
  references: string;
  key: string;
  /** The rows to check: an SQL condition on `table` (alias w), e.g. those carrying this batch's id. */
  written: RawBuilder<unknown>;
}

/**
 * Fails (rolling the batch back) if any written row references a key that does not exist. The referenced rows
 * are locked FOR KEY SHARE, as the foreign-key trigger would lock them, so no other transaction can delete them
 * before this one commits. One pass over the distinct referenced values per key.
 */
export async function assertNoDanglingReferences(tx: Tx, keys: readonly ForeignKey[]): Promise<void> {
  for (const fk of keys) {
    const column = sql.ref(`w.${fk.column}`);
    const parent = sql.table(fk.references);
    const key = sql.ref(`p.${fk.key}`);
    const dangling = await count(
      tx,
      sql<{ n: string }>`WITH referenced AS (
          SELECT DISTINCT ${column} AS v FROM ${sql.table(fk.table)} w WHERE ${column} IS NOT NULL AND (${fk.written})),
        locked AS (SELECT ${key} AS v FROM ${parent} p WHERE ${key} IN (SELECT v FROM referenced) FOR KEY SHARE OF p)
        SELECT (SELECT count(*) FROM referenced) - (SELECT count(*) FROM locked) AS n`,
    );
    if (dangling !== 0) {
      throw new Error(
        `${fk.table}.${fk.column}: ${dangling} value(s) written by this batch have no row in ${fk.references}; nothing was imported`,
      );
    }
  }
}

/** The batch_id references of rows carrying this batch's id hold when the batch row exists (it is this transaction's own). */
export async function assertBatchExists(tx: Tx, batchId: number): Promise<void> {
  const n = await count(
    tx,
    sql<{ n: string }>`SELECT count(*) AS n FROM source_batches WHERE id = ${batchId}`,
  );
  if (n !== 1) throw new Error(`source batch ${batchId} is missing; nothing was imported`);
}
