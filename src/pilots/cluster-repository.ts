import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { householdRegionCondition } from '../regions/region-condition.js';
import type { ClusterCounts } from './cluster-strata.js';

/**
 * Per village of a region (only villages with households): the integer counts the baseline covariates are
 * computed from. Counts, not averages, leave the database, so both engines give the same baseline.
 */
export async function loadClusterCounts(
  db: Kysely<DB>,
  regionCode: string,
  villages?: readonly string[],
): Promise<ClusterCounts[]> {
  let query = db
    .selectFrom('households as h')
    .select((eb) => [
      'h.village_code',
      eb.fn.countAll<string>().as('households'),
      sql<string>`count(*) FILTER (WHERE h.decile <= 2)`.as('poorest'),
      sql<string>`coalesce(sum((SELECT count(*) FROM persons p WHERE p.household_id = h.id)), 0)`.as(
        'persons',
      ),
      sql<string>`count(*) FILTER (WHERE EXISTS (SELECT 1 FROM persons p WHERE p.household_id = h.id AND p.relation = 1 AND p.sex = 'P'))`.as(
        'female_headed',
      ),
      sql<string>`count(*) FILTER (WHERE EXISTS (SELECT 1 FROM program_enrolments e WHERE e.household_id = h.id))`.as(
        'recipients',
      ),
      sql<string>`(SELECT count(*) FROM cooperatives k WHERE k.village_code = h.village_code)`.as(
        'cooperatives',
      ),
    ])
    .where(householdRegionCondition('h.village_code', [regionCode]))
    .groupBy('h.village_code')
    .orderBy('h.village_code');
  if (villages && villages.length > 0) query = query.where('h.village_code', 'in', villages);
  const rows = await query.execute();
  return rows.map((r) => ({
    key: r.village_code,
    villageCode: r.village_code,
    households: Number(r.households),
    poorest: Number(r.poorest),
    persons: Number(r.persons),
    femaleHeaded: Number(r.female_headed),
    recipients: Number(r.recipients),
    cooperatives: Number(r.cooperatives),
  }));
}
