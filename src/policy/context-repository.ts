import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { CooperativeSlot } from './cooperative-assignment.js';
import type { HouseholdData, MemberData, VillageProfileData } from './household-context.js';

/** One page of households as the context query returns it (members packed as JSON arrays). */
interface ContextRow {
  id: number;
  village_code: string;
  village_kind: string | null;
  decile: number | null;
  pmt_score: number | null;
  extreme_poor: boolean | null;
  members:
    Array<[string | null, 'L' | 'P' | null, number | null, boolean, string | null, string | null]> | string;
  programs: string[];
  is_coop_member: boolean;
}

export interface ContextScope {
  /** Region code (any level): only households inside it. */
  region?: string;
  /** Date cooperative membership is judged at (members who left after it still count). */
  asOf: string;
  pageSize?: number;
}

/** Everything read once before streaming: cooperatives, village profiles, current enrolment periods. */
export interface ContextLookups {
  cooperatives: CooperativeSlot[];
  profiles: Map<string, VillageProfileData>;
  currentPeriods: Array<{ program: string; period: string }>;
}

export async function loadContextLookups(db: Kysely<DB>, asOf: string): Promise<ContextLookups> {
  const coops = await sql<{
    id: number;
    registration_no: string;
    name: string;
    village_code: string;
    status: string;
    member_capacity: number | null;
    members: number;
  }>`
    SELECT c.id, c.registration_no, c.name, c.village_code, c.status, c.member_capacity,
      (SELECT count(*) FROM cooperative_members m
        WHERE m.cooperative_id = c.id AND (m.left_on IS NULL OR m.left_on > ${asOf}::date))::int AS members
    FROM cooperatives c ORDER BY c.id`.execute(db);
  const profiles = await db.selectFrom('village_profiles').selectAll().execute();
  const periods = await sql<{ program: string; period: string }>`
    SELECT program_code AS program, max(period) AS period FROM program_enrolments GROUP BY program_code`.execute(
    db,
  );
  return {
    cooperatives: coops.rows.map((c) => ({
      id: c.id,
      registrationNo: c.registration_no,
      name: c.name,
      villageCode: c.village_code,
      status: c.status,
      memberCapacity: c.member_capacity,
      members: c.members,
    })),
    profiles: new Map(
      profiles.map((p) => [
        p.village_code,
        {
          mainLivelihoods: p.main_livelihoods,
          commodities: p.commodities,
          hasMarket: p.has_market,
          marketDistanceKm: p.market_distance_km,
          roadAccess: p.road_access,
          hasElectricity: p.has_electricity,
          hasInternet: p.has_internet,
          bumdesCount: p.bumdes_count,
          bumdesActive: p.bumdes_active,
          cooperativeReadiness: p.cooperative_readiness,
        },
      ]),
    ),
    currentPeriods: periods.rows,
  };
}

/**
 * Streams households with their members, current programs and cooperative membership, one page at a time
 * (keyset pagination on id), so memory stays bounded however many households there are. Programs are those
 * of each program's latest loaded period, linked by program_enrolments.household_id or, where linkage left
 * that empty, by an exact NIK match to a household member.
 */
export async function* streamHouseholdData(
  db: Kysely<DB>,
  scope: ContextScope,
  lookups: ContextLookups,
): AsyncGenerator<HouseholdData[]> {
  const pageSize = scope.pageSize ?? 5000;
  const region = scope.region ?? null;
  const programCodes = lookups.currentPeriods.map((p) => p.program);
  const periods = lookups.currentPeriods.map((p) => p.period);
  const coopByVillage = new Map<string, CooperativeSlot>();
  for (const c of lookups.cooperatives) {
    if (c.status !== 'inactive' && !coopByVillage.has(c.villageCode)) coopByVillage.set(c.villageCode, c);
  }
  let after = 0;
  for (;;) {
    // Set-based per page: the page's persons and enrolments are read by household-id range (one index range
    // scan each) and grouped, instead of one subquery per household. Membership and NIK-linked enrolments are
    // index probes per person (LIMIT keeps them from turning into whole-table hashes), so each page costs the
    // same however large the tables are.
    const result = await sql<ContextRow>`
      WITH h AS (
        SELECT id, village_code, decile, pmt_score, extreme_poor FROM households
        WHERE id > ${after}
          AND (${region}::text IS NULL OR village_code = ${region}::text OR village_code LIKE ${region}::text || '.%')
        ORDER BY id LIMIT ${pageSize}
      ),
      b AS (SELECT min(id) AS lo, max(id) AS hi FROM h),
      cur AS (SELECT * FROM unnest(${programCodes}::text[], ${periods}::text[]) AS c(program_code, period)),
      pp AS (
        SELECT p.id, p.household_id, p.nik, p.birth_date, p.sex, p.relation, p.disability, p.occupation, p.education
        FROM persons p
        WHERE p.household_id BETWEEN (SELECT lo FROM b) AND (SELECT hi FROM b)
      ),
      pm AS (
        SELECT pp.household_id,
               json_agg(json_build_array(pp.birth_date, pp.sex, pp.relation, pp.disability, pp.occupation,
                        pp.education) ORDER BY pp.id) AS members,
               bool_or(
                 EXISTS (SELECT 1 FROM cooperative_members m WHERE m.person_id = pp.id
                          AND (m.left_on IS NULL OR m.left_on > ${scope.asOf}::date) LIMIT 1)
                 OR (pp.nik IS NOT NULL AND EXISTS (SELECT 1 FROM cooperative_members m
                          WHERE m.nik = pp.nik AND m.person_id IS NULL
                            AND (m.left_on IS NULL OR m.left_on > ${scope.asOf}::date) LIMIT 1))) AS is_coop_member
        FROM pp GROUP BY pp.household_id
      ),
      pr AS (
        SELECT x.household_id, array_agg(DISTINCT x.program_code ORDER BY x.program_code) AS programs
        FROM (
          SELECT e.household_id, e.program_code, e.period FROM program_enrolments e
           WHERE e.household_id BETWEEN (SELECT lo FROM b) AND (SELECT hi FROM b)
          UNION ALL
          SELECT pp.household_id, e.program_code, e.period FROM pp
            CROSS JOIN LATERAL (SELECT e.program_code, e.period FROM program_enrolments e
                                 WHERE e.nik = pp.nik AND e.household_id IS NULL LIMIT 1000) e
           WHERE pp.nik IS NOT NULL
        ) x JOIN cur ON cur.program_code = x.program_code AND cur.period = x.period
        GROUP BY x.household_id
      )
      SELECT h.id, h.village_code, h.decile, h.pmt_score, h.extreme_poor, r.kind AS village_kind,
             coalesce(pm.members, '[]') AS members, coalesce(pm.is_coop_member, false) AS is_coop_member,
             coalesce(pr.programs, '{}') AS programs
      FROM h LEFT JOIN regions r ON r.code = h.village_code
      LEFT JOIN pm ON pm.household_id = h.id
      LEFT JOIN pr ON pr.household_id = h.id
      ORDER BY h.id`.execute(db);
    const rows = result.rows;
    if (rows.length === 0) return;
    yield rows.map((row) => toHouseholdData(row, coopByVillage, lookups.profiles));
    after = rows[rows.length - 1]!.id;
    if (rows.length < pageSize) return;
  }
}

function toHouseholdData(
  row: ContextRow,
  coops: Map<string, CooperativeSlot>,
  profiles: Map<string, VillageProfileData>,
): HouseholdData {
  const raw =
    typeof row.members === 'string' ? (JSON.parse(row.members) as ContextRow['members']) : row.members;
  const members: MemberData[] = (raw as Exclude<ContextRow['members'], string>).map((m) => ({
    birthDate: m[0],
    sex: m[1],
    relation: m[2],
    disability: m[3],
    occupation: m[4],
    education: m[5],
  }));
  const coop = coops.get(row.village_code);
  return {
    id: row.id,
    villageCode: row.village_code,
    villageKind: row.village_kind,
    decile: row.decile,
    pmtScore: row.pmt_score,
    extremePoor: row.extreme_poor,
    members,
    programs: row.programs,
    isCoopMember: row.is_coop_member,
    cooperative: coop
      ? {
          id: coop.id,
          registrationNo: coop.registrationNo,
          name: coop.name,
          status: coop.status,
          memberCapacity: coop.memberCapacity,
          members: coop.members,
        }
      : null,
    village: profiles.get(row.village_code) ?? null,
  };
}
