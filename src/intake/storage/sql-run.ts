import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../../db/database.js';

/** Runs one statement in the transaction and returns how many rows it inserted, updated or deleted. */
export async function affected(tx: Tx, query: RawBuilder<unknown>): Promise<number> {
  const result = await query.execute(tx.db);
  return Number(result.numAffectedRows ?? 0);
}

export async function rows<R>(tx: Tx, query: RawBuilder<R>): Promise<R[]> {
  return (await query.execute(tx.db)).rows;
}

/** Runs a `SELECT count(*) AS n …` and returns n as a number. */
export async function count(tx: Tx, query: RawBuilder<{ n: string | number }>): Promise<number> {
  return Number((await query.execute(tx.db)).rows[0]?.n ?? 0);
}

export { sql };
