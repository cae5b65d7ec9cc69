import { sql } from 'kysely';
import type { Database } from './database.js';

/** One B-tree index and what the check found. */
export interface IndexProblem {
  index: string;
  table: string;
  error: string;
  repaired: boolean;
}

export interface IndexCheckResult {
  /** amcheck's bt_index_check (with heapallindexed) where the extension is available, else a REINDEX. */
  method: 'amcheck' | 'reindex';
  indexes: number;
  problems: IndexProblem[];
  ms: number;
}

/**
 * Verifies every B-tree index of the entas schema: amcheck's bt_index_check(index, heapallindexed => true)
 * proves the tree is well formed and holds every heap row; an index that fails is rebuilt when `repair` is
 * set. Without amcheck (a server without contrib, or no right to create the extension) every index is rebuilt
 * instead, which needs no proof to be right afterwards. Used by `entas db check` and on opening an embedded
 * database its previous process left without closing (see data-dir-lock.ts).
 */
export async function checkIndexes(
  database: Database,
  options: { repair: boolean },
): Promise<IndexCheckResult> {
  const started = Date.now();
  const created = await ensureAmcheck(database);
  const indexes = await sql<{ index: string; table: string }>`
    SELECT c.relname AS index, t.relname AS table
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_am a ON a.oid = c.relam
    -- relkind 'i': an index with storage (a partitioned table's index has none; its partitions' indexes are checked)
    WHERE a.amname = 'btree' AND c.relkind = 'i' AND i.indisvalid AND c.relpersistence = 'p'
      AND c.relnamespace = current_schema()::regnamespace
    ORDER BY t.relname, c.relname`.execute(database.db);
  if (created === undefined) {
    await database.exec(`REINDEX SCHEMA ${await currentSchema(database)}`);
    return { method: 'reindex', indexes: indexes.rows.length, problems: [], ms: Date.now() - started };
  }
  const problems: IndexProblem[] = [];
  try {
    for (const { index, table } of indexes.rows) {
      try {
        await sql`SELECT bt_index_check(${index}::regclass, true)`.execute(database.db);
      } catch (error) {
        const problem = { index, table, error: (error as Error).message, repaired: false };
        if (options.repair) {
          await database.exec(`REINDEX INDEX ${quote(index)}`);
          problem.repaired = true;
        }
        problems.push(problem);
      }
    }
  } finally {
    // Leave the schema as the migrations made it.
    if (created) await database.exec('DROP EXTENSION IF EXISTS amcheck');
  }
  return { method: 'amcheck', indexes: indexes.rows.length, problems, ms: Date.now() - started };
}

/** true: created now (drop it after), false: was there, undefined: not available. */
async function ensureAmcheck(database: Database): Promise<boolean | undefined> {
  const present = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'amcheck'`.execute(database.db);
  if (present.rows[0]!.n > 0) return false;
  try {
    await database.exec('CREATE EXTENSION amcheck');
    return true;
  } catch {
    return undefined;
  }
}

async function currentSchema(database: Database): Promise<string> {
  const { rows } = await sql<{ s: string }>`SELECT current_schema() AS s`.execute(database.db);
  return quote(rows[0]!.s);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
