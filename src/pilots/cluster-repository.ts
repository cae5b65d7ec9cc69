import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { householdRegionCondition } from '../regions/region-condition.js';
import type { ClusterCounts } from './cluster-strata.js';

/** What a cluster is: a village (its households), or a cooperative (the households a policy assigns to it). */
type ClusterUnit = { by: 'village' } | { by: 'cooperative'; policyRowId: number };

interface ClusterCountRow {
  key: string;
  village_code: string;
  cooperative_id: number | null;
  households: string;
  poorest: string;
  persons: string;
  female_headed: string;
  recipients: string;
  cooperatives: string;
}

/**
 * The integer counts the baseline covariates are computed from, per cluster of a region (only clusters with
 * households). Counts, not averages, leave the database, so both engines give the same baseline. One query for
 * both kinds of cluster: they differ only in where the households come from and what the key is.
 */
async function clusterCounts(
  db: Kysely<DB>,
  regionCode: string,
  unit: ClusterUnit,
  villages?: readonly string[],
): Promise<ClusterCountRow[]> {
  const coop = unit.by === 'cooperative';
  const village = coop ? sql<string>`k.village_code` : sql<string>`h.village_code`;
  const key = coop ? sql`k.registration_no` : village;
  const households = coop
    ? sql`cooperatives k
      JOIN (SELECT DISTINCT ON (d.household_id) d.province_code, d.household_id, d.cooperative_id
            FROM policy_decisions d JOIN policy_applications pa ON pa.id = d.application_id
            WHERE pa.policy_row_id = ${unit.policyRowId} AND d.superseded_by IS NULL
            ORDER BY d.household_id, d.id DESC) cur ON cur.cooperative_id = k.id
      JOIN households h ON h.province_code = cur.province_code AND h.id = cur.household_id`
    : sql`households h`;
  const result = await sql<ClusterCountRow>`
    SELECT ${key} AS key, ${village} AS village_code, ${coop ? sql`k.id` : sql`NULL::int`} AS cooperative_id,
      count(*) AS households,
      count(*) FILTER (WHERE h.decile <= 2) AS poorest,
      coalesce(sum((SELECT count(*) FROM persons p WHERE p.province_code = h.province_code AND p.household_id = h.id)), 0) AS persons,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM persons p WHERE p.province_code = h.province_code AND p.household_id = h.id AND p.relation = 1 AND p.sex = 'P')) AS female_headed,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM program_enrolments e WHERE e.household_id = h.id)) AS recipients,
      (SELECT count(*) FROM cooperatives k2 WHERE k2.village_code = ${village}) AS cooperatives
    FROM ${households}
    WHERE ${householdRegionCondition(village, [regionCode])}
      ${villages && villages.length > 0 ? sql`AND ${village} IN (${sql.join(villages)})` : sql``}
    GROUP BY ${coop ? sql`k.id, k.registration_no, k.village_code` : village}
    ORDER BY ${key}`.execute(db);
  return result.rows;
}

function toCounts(r: ClusterCountRow): ClusterCounts {
  return {
    key: r.key,
    villageCode: r.village_code,
    households: Number(r.households),
    poorest: Number(r.poorest),
    persons: Number(r.persons),
    femaleHeaded: Number(r.female_headed),
    recipients: Number(r.recipients),
    cooperatives: Number(r.cooperatives),
  };
}

/** Per village of a region (only villages with households): the counts, keyed by village code. */
export async function loadClusterCounts(
  db: Kysely<DB>,
  regionCode: string,
  villages?: readonly string[],
): Promise<ClusterCounts[]> {
  return (await clusterCounts(db, regionCode, { by: 'village' }, villages)).map(toCounts);
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
  const rows = await clusterCounts(db, regionCode, { by: 'cooperative', policyRowId }, villages);
  return rows.map((r) => ({ ...toCounts(r), cooperativeId: Number(r.cooperative_id) }));
}
