import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { sqlLiteral, type Tx } from '../db/database.js';
import type { CooperativeSlot } from './cooperative-assignment.js';
import type { CooperativeData, HouseholdData, VillageProfileData } from './household-context.js';
import {
  decodeHouseholdPage,
  HOUSEHOLD_COLUMNS,
  PERSON_COLUMNS,
  SortedIds,
  type HouseholdExtras,
  type VillageFacts,
} from './household-rows.js';

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
  /** regions.kind of every region that has one (villages: kelurahan, desa, desa_adat). */
  villageKinds: Map<string, string>;
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
  const kinds = await sql<{ code: string; kind: string }>`
    SELECT code, kind FROM regions WHERE kind IS NOT NULL`.execute(db);
  return {
    villageKinds: new Map(kinds.rows.map((r) => [r.code, r.kind])),
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

/** Households per page when not given: large pages amortise the three queries, memory stays bounded. */
const DEFAULT_PAGE_SIZE = 50_000;

/**
 * Streams households with their members, current programs and cooperative membership, one page at a time,
 * so memory stays bounded however many households there are. Programs are those of each program's latest
 * loaded period, linked by program_enrolments.household_id or, where linkage left that empty, by an exact
 * NIK match to a household member; a household is a cooperative member when one of its persons is (by
 * person id, or by NIK where the register has no person id) and had not left by `asOf`.
 *
 * Set-based and compact: NIK-linked programs and member households are read once for the whole run; each
 * page is a household-id range read with three COPY queries (households, persons, enrolments — each an index
 * range scan in id order, no per-household subqueries, no JSON) merged in household-id order by
 * household-rows.ts. The next page is requested before the current one is handed out, so the server
 * prepares it while the caller evaluates. Run inside one transaction so every page sees the same snapshot.
 */
export async function* streamHouseholdData(
  tx: Tx,
  scope: ContextScope,
  lookups: ContextLookups,
): AsyncGenerator<HouseholdData[]> {
  const pageSize = scope.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(scope.asOf)) throw new Error(`invalid as_of date ${scope.asOf}`);
  const region = scope.region ?? null;
  if (region !== null && !/^[0-9.]+$/.test(region)) throw new Error(`invalid region code ${region}`);
  const inRegion = (column: string) =>
    region === null
      ? 'TRUE'
      : `(${column} = ${sqlLiteral(region)} OR ${column} LIKE ${sqlLiteral(`${region}.%`)})`;
  const current =
    lookups.currentPeriods.length === 0
      ? 'FALSE'
      : `(e.program_code, e.period) IN (${lookups.currentPeriods
          .map((p) => `(${sqlLiteral(p.program)}, ${sqlLiteral(p.period)})`)
          .join(', ')})`;
  const asOf = `DATE ${sqlLiteral(scope.asOf)}`;

  const bounds = await sql<{ lo: number | null; hi: number | null; n: number }>`
    SELECT min(id) AS lo, max(id) AS hi, count(*)::int AS n FROM households h
    WHERE ${sql.raw(inRegion('h.village_code'))}`.execute(tx.db);
  const { lo, hi, n } = bounds.rows[0] ?? { lo: null, hi: null, n: 0 };
  if (lo === null || hi === null || n === 0) return;

  const nikPrograms = new Map<number, string[]>();
  for (const r of (
    await sql<{ household_id: number; program_code: string }>`
      SELECT DISTINCT p.household_id, e.program_code
      FROM program_enrolments e
      CROSS JOIN LATERAL (SELECT x.household_id FROM persons x
                          WHERE x.nik = e.nik AND x.household_id IS NOT NULL OFFSET 0) p
      WHERE e.household_id IS NULL AND e.nik IS NOT NULL AND ${sql.raw(current)}`.execute(tx.db)
  ).rows) {
    const list = nikPrograms.get(r.household_id);
    if (list) list.push(r.program_code);
    else nikPrograms.set(r.household_id, [r.program_code]);
  }
  // Registers are far smaller than persons: probe the person index per member (OFFSET 0 keeps each lateral
  // a per-row index lookup) rather than letting the planner hash-join a scan of every person.
  const memberText = await tx.copyTo(`
    SELECT p.household_id FROM cooperative_members m
    CROSS JOIN LATERAL (SELECT x.household_id FROM persons x
                        WHERE x.id = m.person_id AND x.household_id IS NOT NULL OFFSET 0) p
     WHERE (m.left_on IS NULL OR m.left_on > ${asOf})
    UNION
    SELECT p.household_id FROM cooperative_members m
    CROSS JOIN LATERAL (SELECT x.household_id FROM persons x
                        WHERE x.nik = m.nik AND x.household_id IS NOT NULL OFFSET 0) p
     WHERE m.person_id IS NULL AND m.nik IS NOT NULL AND (m.left_on IS NULL OR m.left_on > ${asOf})`);
  const members = new SortedIds(memberText.split('\n').filter(Boolean).map(Number));
  const coops = cooperativesByVillage(lookups.cooperatives);
  const villages = new Map<string, VillageFacts>();
  const extras: HouseholdExtras = {
    village: (code) => {
      let facts = villages.get(code);
      if (!facts) {
        facts = {
          kind: lookups.villageKinds.get(code) ?? null,
          cooperative: coops.get(code) ?? null,
          profile: lookups.profiles.get(code) ?? null,
        };
        villages.set(code, facts);
      }
      return facts;
    },
    nikPrograms: (id) => nikPrograms.get(id),
    isCoopMember: (id) => members.has(id),
  };

  // Id ranges sized so a page holds about pageSize households (ids may be sparse or region-filtered).
  const width = Math.max(1, Math.ceil(((hi - lo + 1) * pageSize) / n));
  const regionJoin =
    region === null ? '' : `JOIN households h ON h.id = x.household_id AND ${inRegion('h.village_code')}`;
  const fetchPage = (from: number) => {
    const to = from + width - 1;
    const range = (column: string) => `${column} BETWEEN ${from} AND ${to}`;
    return Promise.all([
      tx.copyTo(`SELECT ${HOUSEHOLD_COLUMNS} FROM households h
        WHERE ${range('h.id')} AND ${inRegion('h.village_code')} ORDER BY h.id`),
      tx.copyTo(`SELECT ${personColumns('x')} FROM persons x ${regionJoin}
        WHERE ${range('x.household_id')} ORDER BY x.household_id, x.id`),
      // Duplicates (a household on a program twice) are removed when decoding.
      tx.copyTo(`SELECT x.household_id, x.program_code FROM program_enrolments x ${regionJoin}
        WHERE ${range('x.household_id')} AND ${current.replace(/\be\./g, 'x.')} ORDER BY x.household_id`),
    ]);
  };
  let next: ReturnType<typeof fetchPage> | null = fetchPage(lo);
  for (let from = lo; next; from += width) {
    const [households, persons, enrolments] = await next;
    next = from + width <= hi ? fetchPage(from + width) : null;
    const page = decodeHouseholdPage(households, persons, enrolments, extras);
    if (page.length > 0) yield page;
  }
}

function personColumns(alias: string): string {
  return PERSON_COLUMNS.split(', ')
    .map((c) => `${alias}.${c}`)
    .join(', ');
}

/** The cooperative rules see for each village: its first active one by id. */
export function cooperativesByVillage(slots: readonly CooperativeSlot[]): Map<string, CooperativeData> {
  const out = new Map<string, CooperativeData>();
  for (const c of [...slots].sort((a, b) => a.id - b.id)) {
    if (c.status === 'inactive' || out.has(c.villageCode)) continue;
    out.set(c.villageCode, {
      id: c.id,
      registrationNo: c.registrationNo,
      name: c.name,
      status: c.status,
      memberCapacity: c.memberCapacity,
      members: c.members,
    });
  }
  return out;
}
