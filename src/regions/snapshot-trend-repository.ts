import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { householdRegionCondition, provinceKeyCondition } from './region-condition.js';

export interface SnapshotDeciles {
  snapshot_date: string;
  households: number;
  by_decile: { decile: number | null; households: number }[];
}

/**
 * Households by decile in each stored DTSEN snapshot, oldest first, inside `regions` (null = everywhere): the
 * overview's trend. One grouped read; the snapshot keeps the decile the household had on that date.
 */
export async function snapshotDeciles(
  db: Kysely<DB>,
  regions: readonly string[] | null,
): Promise<SnapshotDeciles[]> {
  let query = db
    .selectFrom('household_snapshots as s')
    .innerJoin('households as h', (join) =>
      join.onRef('h.province_code', '=', 's.province_code').onRef('h.id', '=', 's.household_id'),
    )
    .select([
      sql<string>`s.snapshot_date::text`.as('snapshot_date'),
      's.decile',
      sql<number>`count(*)::int`.as('n'),
    ])
    .groupBy(['s.snapshot_date', 's.decile'])
    .orderBy('s.snapshot_date')
    .orderBy('s.decile');
  if (regions !== null) {
    query = query
      .where(provinceKeyCondition('s.province_code', regions))
      .where(householdRegionCondition('h.village_code', regions));
  }
  const rows = await query.execute();
  const byDate = new Map<string, SnapshotDeciles>();
  for (const r of rows) {
    const date = r.snapshot_date.slice(0, 10);
    const entry = byDate.get(date) ?? { snapshot_date: date, households: 0, by_decile: [] };
    entry.households += r.n;
    entry.by_decile.push({ decile: r.decile, households: r.n });
    byDate.set(date, entry);
  }
  return [...byDate.values()];
}
