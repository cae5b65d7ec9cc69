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
      sql<string>`coalesce(sum((SELECT count(*) FROM persons p WHERE p.province_code = h.province_code AND p.household_id = h.id)), 0)`.as(
        'persons',
      ),
      sql<string>`count(*) FILTER (WHERE EXISTS (SELECT 1 FROM persons p WHERE p.province_code = h.province_code AND p.household_id = h.id AND p.relation = 1 AND p.sex = 'P'))`.as(
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

/**
 * Per cooperative whose village lies in the region: the same counts, over the households the policy's current
 * decisions (latest non-superseded decision of each household under `policyRowId`) assign to that cooperative.
 * Only cooperatives with at least one assigned household; the key is the cooperative's registration number and
 * the village (for strata) is the cooperative's own village.
 */
export async function loadCooperativeClusterCounts(
  db: Kysely<DB>,
  regionCode: string,
  policyRowId: number,
  villages?: readonly string[],
): Promise<(ClusterCounts & { cooperativeId: number })[]> {
  let query = db
    .selectFrom('cooperatives as k')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('policy_decisions as d')
          .innerJoin('policy_applications as pa', 'pa.id', 'd.application_id')
          .select(['d.province_code', 'd.household_id', 'd.cooperative_id'])
          .distinctOn('d.household_id')
          .where('pa.policy_row_id', '=', policyRowId)
          .where('d.superseded_by', 'is', null)
          .orderBy('d.household_id')
          .orderBy('d.id', 'desc')
          .as('cur'),
      (j) => j.onRef('cur.cooperative_id', '=', 'k.id'),
    )
    .innerJoin('households as h', (j) =>
      j.onRef('h.province_code', '=', 'cur.province_code').onRef('h.id', '=', 'cur.household_id'),
    )
    .select((eb) => [
      'k.id',
      'k.registration_no',
      'k.village_code',
      eb.fn.countAll<string>().as('households'),
      sql<string>`count(*) FILTER (WHERE h.decile <= 2)`.as('poorest'),
      sql<string>`coalesce(sum((SELECT count(*) FROM persons p WHERE p.province_code = h.province_code AND p.household_id = h.id)), 0)`.as(
        'persons',
      ),
      sql<string>`count(*) FILTER (WHERE EXISTS (SELECT 1 FROM persons p WHERE p.province_code = h.province_code AND p.household_id = h.id AND p.relation = 1 AND p.sex = 'P'))`.as(
        'female_headed',
      ),
      sql<string>`count(*) FILTER (WHERE EXISTS (SELECT 1 FROM program_enrolments e WHERE e.household_id = h.id))`.as(
        'recipients',
      ),
      sql<string>`(SELECT count(*) FROM cooperatives k2 WHERE k2.village_code = k.village_code)`.as(
        'cooperatives',
      ),
    ])
    .where(householdRegionCondition('k.village_code', [regionCode]))
    .groupBy(['k.id', 'k.registration_no', 'k.village_code'])
    .orderBy('k.registration_no');
  if (villages && villages.length > 0) query = query.where('k.village_code', 'in', villages);
  const rows = await query.execute();
  return rows.map((r) => ({
    key: r.registration_no,
    villageCode: r.village_code,
    cooperativeId: r.id,
    households: Number(r.households),
    poorest: Number(r.poorest),
    persons: Number(r.persons),
    femaleHeaded: Number(r.female_headed),
    recipients: Number(r.recipients),
    cooperatives: Number(r.cooperatives),
  }));
}
