import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/schema.js';
import type { SnapshotReader, Tx } from '../db/database.js';
import { householdRegionCondition } from '../regions/region-condition.js';
import type { HouseholdField } from './context-schema.js';
import type { CooperativeSlot } from './cooperative-assignment.js';
import {
  birthDateForAge,
  CHILD_MAX_AGE,
  ELDERLY_MIN_AGE,
  PRODUCTIVE_MAX_AGE,
  PRODUCTIVE_MIN_AGE,
  type CooperativeData,
  type HouseholdData,
  type VillageProfileData,
} from './household-context.js';
import {
  decodeHouseholdPage,
  decodeSummaryPage,
  HOUSEHOLD_COLUMNS,
  IdFilter,
  PERSON_COLUMNS,
  PROGRAM_SEPARATOR,
  SortedIds,
  unescapeCopy,
  visitHouseholdPage,
  visitSummaryPage,
  type HouseholdExtras,
  type VillageFacts,
} from './household-rows.js';

export interface ContextScope {
  /** Region code (any level): only households inside it. */
  region?: string;
  /** Date cooperative membership is judged at (members who left after it still count). */
  asOf: string;
  pageSize?: number;
  /**
   * Whether the member list is needed (CompiledPolicy.readsMembers). When false, the database computes the
   * member aggregates and the head, and households come with a `summary` instead of `members`: one row per
   * household instead of one per person. Default true.
   */
  members?: boolean;
  /**
   * Where pages are read: connections sharing the transaction's snapshot (Tx.snapshotReaders), used in turn
   * so several pages are prepared at once. Default: the transaction itself.
   */
  readers?: ReadonlyArray<Pick<SnapshotReader, 'copyTo'>>;
  /**
   * Whether cooperative membership is needed (a rule reads `is_coop_member`). When false, it is not read
   * and every household's `isCoopMember` is false. Default true.
   */
  coopMembers?: boolean;
  /**
   * The context fields that must be right (CompiledPolicy.readsAll): in the summary read, member counts
   * and household columns that no rule reads are not computed (0 or absent). Default: all. The head (read
   * by simulation breakdowns), village, decile and programs are always read.
   */
  fields?: ReadonlySet<HouseholdField>;
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

/**
 * Extra connections that read pages beside the transaction's own (PostgreSQL only): the server prepares
 * several pages at once on its cores while this process evaluates.
 */
export const EXTRA_PAGE_READERS = 2;

/**
 * Opens the extra page readers on the transaction's snapshot, with the same settings as the transaction
 * (no JIT for the short page queries, page sorts in memory). None on PGlite. The caller closes them.
 */
export async function openPageReaders(tx: Tx, count = EXTRA_PAGE_READERS): Promise<SnapshotReader[]> {
  const readers = await tx.snapshotReaders(count);
  try {
    await Promise.all(readers.map((r) => r.exec("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'")));
  } catch (error) {
    await Promise.all(readers.map((r) => r.close()));
    throw error;
  }
  return readers;
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
  const read = await readHouseholdPages(tx, scope, lookups);
  if (!read) return;
  let extras: HouseholdExtras | undefined;
  for await (const raw of read.pages) {
    extras ??= contextExtras(await read.side, lookups);
    const page = decodeRawPage(raw, extras);
    if (page.length > 0) yield page;
  }
}

/** One page as the database wrote it: summary rows, or the three streams of the member read. */
export type RawPage = { summary: string } | { households: string; persons: string; enrolments: string };

/** The once-per-run lookups as the database wrote them: NIK-linked programs and member households. */
export interface SideLookups {
  nikText: string;
  memberText: string;
}

/** Decodes a raw page (on whichever thread holds the extras). */
export function decodeRawPage(raw: RawPage, extras: HouseholdExtras): HouseholdData[] {
  return 'summary' in raw
    ? decodeSummaryPage(raw.summary, extras)
    : decodeHouseholdPage(raw.households, raw.persons, raw.enrolments, extras);
}

/** decodeRawPage one household at a time; returns how many there were. */
export function visitRawPage(
  raw: RawPage,
  extras: HouseholdExtras,
  visit: (data: HouseholdData) => void,
): number {
  let n = 0;
  const counted = (data: HouseholdData) => {
    n++;
    visit(data);
  };
  if ('summary' in raw) visitSummaryPage(raw.summary, extras, counted);
  else visitHouseholdPage(raw.households, raw.persons, raw.enrolments, extras, counted);
  return n;
}

/**
 * The pages of streamHouseholdData before decoding, in id order, and the side lookups decoding needs
 * (contextExtras); null when the scope has no households.
 */
export async function readHouseholdPages(
  tx: Tx,
  scope: ContextScope,
  lookups: ContextLookups,
): Promise<{ side: Promise<SideLookups>; pages: AsyncGenerator<RawPage> } | null> {
  const pageSize = scope.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(scope.asOf)) throw new Error(`invalid as_of date ${scope.asOf}`);
  const region = scope.region ?? null;
  if (region !== null && !/^[0-9.]+$/.test(region)) throw new Error(`invalid region code ${region}`);
  const inRegion: InRegion = (column) =>
    region === null ? sql`TRUE` : sql`${householdRegionCondition(sql.raw(column), [region])}`;
  const currentOf = (alias: string) =>
    lookups.currentPeriods.length === 0
      ? sql`FALSE`
      : sql`(${sql.raw(alias)}.program_code, ${sql.raw(alias)}.period) IN (${sql.join(
          lookups.currentPeriods.map((p) => sql`(${p.program}, ${p.period})`),
        )})`;
  const asOf = sql`CAST(${scope.asOf} AS date)`;
  // COPY cannot take parameters: each query is compiled here and its values inlined by Tx.copyTo.
  const copy = (reader: Pick<SnapshotReader, 'copyTo'>, query: RawBuilder<unknown>) =>
    reader.copyTo(query.compile(tx.db));

  const bounds = await sql<{ lo: number | null; hi: number | null; n: number }>`
    SELECT min(id) AS lo, max(id) AS hi, count(*)::int AS n FROM households h
    WHERE ${inRegion('h.village_code')}`.execute(tx.db);
  const { lo, hi, n } = bounds.rows[0] ?? { lo: null, hi: null, n: 0 };
  if (lo === null || hi === null || n === 0) return null;

  const readers = scope.readers && scope.readers.length > 0 ? scope.readers : [tx];
  // The two once-per-run lookups go to other connections than the first pages, so all run at once; pages
  // are decoded when both are in.
  const nikText = copy(
    readers[1 % readers.length]!,
    sql`
      SELECT DISTINCT p.household_id, e.program_code
      FROM program_enrolments e
      CROSS JOIN LATERAL (SELECT x.household_id FROM persons x
                          WHERE x.nik = e.nik AND x.household_id IS NOT NULL OFFSET 0) p
      WHERE e.household_id IS NULL AND e.nik IS NOT NULL AND ${currentOf('e')}`,
  );
  // Registers are far smaller than persons: probe the person index per member (OFFSET 0 keeps each lateral
  // a per-row index lookup) rather than letting the planner hash-join a scan of every person.
  const memberText =
    scope.coopMembers === false
      ? Promise.resolve('')
      : copy(
          readers[2 % readers.length]!,
          sql`
    SELECT p.household_id FROM cooperative_members m
    CROSS JOIN LATERAL (SELECT x.household_id FROM persons x
                        WHERE x.id = m.person_id AND x.household_id IS NOT NULL OFFSET 0) p
     WHERE (m.left_on IS NULL OR m.left_on > ${asOf})
    UNION
    SELECT p.household_id FROM cooperative_members m
    CROSS JOIN LATERAL (SELECT x.household_id FROM persons x
                        WHERE x.nik = m.nik AND x.household_id IS NOT NULL OFFSET 0) p
     WHERE m.person_id IS NULL AND m.nik IS NOT NULL AND (m.left_on IS NULL OR m.left_on > ${asOf})`,
        );
  const side = Promise.all([nikText, memberText]).then(([nik, member]) => ({
    nikText: nik,
    memberText: member,
  }));
  side.catch(() => undefined); // awaited before the first page is decoded

  // Id ranges sized so a page holds about pageSize households (ids may be sparse or region-filtered).
  const width = Math.max(1, Math.ceil(((hi - lo + 1) * pageSize) / n));
  const regionJoin =
    region === null
      ? sql``
      : sql`JOIN households h ON h.id = x.household_id AND ${inRegion('h.village_code')}`;
  const withMembers = scope.members ?? true;
  const fetchPage = async (reader: Pick<SnapshotReader, 'copyTo'>, from: number): Promise<RawPage> => {
    const to = from + width - 1;
    const range: Range = (column) => sql`${sql.raw(column)} BETWEEN ${sql.lit(from)} AND ${sql.lit(to)}`;
    if (!withMembers) {
      return {
        summary: await copy(
          reader,
          summaryQuery(range, inRegion, regionJoin, currentOf('x'), scope.asOf, scope.fields),
        ),
      };
    }
    const [households, persons, enrolments] = await Promise.all([
      copy(
        reader,
        sql`SELECT ${sql.raw(HOUSEHOLD_COLUMNS)} FROM households h
        WHERE ${range('h.id')} AND ${inRegion('h.village_code')} ORDER BY h.id`,
      ),
      copy(
        reader,
        sql`SELECT ${sql.raw(personColumns('x'))} FROM persons x ${regionJoin}
        WHERE ${range('x.household_id')} ORDER BY x.household_id, x.id`,
      ),
      // Duplicates (a household on a program twice) are removed when decoding.
      copy(
        reader,
        sql`SELECT x.household_id, x.program_code FROM program_enrolments x ${regionJoin}
        WHERE ${range('x.household_id')} AND ${currentOf('x')} ORDER BY x.household_id`,
      ),
    ]);
    return { households, persons, enrolments };
  };
  // Each reader has a page in preparation, and one more waits behind it, while the caller works on the
  // current one; pages are handed out in id order.
  const ahead = readers.length * 2;
  async function* pages(): AsyncGenerator<RawPage> {
    const pending: Array<Promise<RawPage>> = [];
    let nextFrom = lo!;
    let issued = 0;
    const fill = () => {
      while (pending.length < ahead && nextFrom <= hi!) {
        const page = fetchPage(readers[issued++ % readers.length]!, nextFrom);
        page.catch(() => undefined); // awaited in order below; avoid an unhandled rejection meanwhile
        pending.push(page);
        nextFrom += width;
      }
    };
    fill();
    while (pending.length > 0) {
      const page = await pending.shift()!;
      fill();
      yield page;
    }
  }
  return { side, pages: pages() };
}

/** What the pages need besides their own rows: NIK-linked programs, member households, village facts. */
export function contextExtras(
  { nikText, memberText }: SideLookups,
  lookups: ContextLookups,
): HouseholdExtras {
  const nikPrograms = new Map<number, string[]>();
  for (const line of nikText.split('\n')) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    const id = Number(line.slice(0, tab));
    const program = unescapeCopy(line.slice(tab + 1));
    const list = nikPrograms.get(id);
    if (list) list.push(program);
    else nikPrograms.set(id, [program]);
  }
  const nikFilter = new IdFilter([...nikPrograms.keys()]);
  const members = new SortedIds(memberText.split('\n').filter(Boolean).map(Number));
  const coops = cooperativesByVillage(lookups.cooperatives);
  const villages = new Map<string, VillageFacts>();
  return {
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
    nikPrograms: (id) => (nikFilter.mayHave(id) ? nikPrograms.get(id) : undefined),
    isCoopMember: (id) => members.has(id),
  };
}

/**
 * One row per household of an id range with its member aggregates (SUMMARY_FIELDS): age groups by
 * comparing birth dates with the limits birthDateForAge gives (the same whole years as ageAt), the first
 * head's fields with min() when the household has one head, and read by person id when it has several.
 * Columns of fields not in `fields` are constants (0 or null), so the server neither computes nor sends them.
 */
function summaryQuery(
  range: Range,
  inRegion: InRegion,
  regionJoin: RawBuilder<unknown>,
  current: RawBuilder<unknown>,
  asOf: string,
  fields?: ReadonlySet<HouseholdField>,
): RawBuilder<unknown> {
  const born = (years: number) => sql`CAST(${birthDateForAge(asOf, years)} AS date)`;
  const head = (expr: string) => sql.raw(`min(${expr}) FILTER (WHERE x.relation = 1)`);
  const needs = (field: HouseholdField) => !fields || fields.has(field);
  /** A member count: its aggregate in the persons subquery and its column in the result. */
  const count = (field: HouseholdField, name: string, aggregate: RawBuilder<unknown>) =>
    needs(field)
      ? { aggregate: sql`${aggregate} AS ${sql.raw(name)},`, column: sql.raw(`coalesce(m.${name}, 0)`) }
      : { aggregate: sql``, column: sql`0` };
  const size = count('size', 'size', sql`count(*)`);
  const productive = count(
    'productive_members',
    'productive',
    sql`count(*) FILTER (WHERE x.birth_date <= ${born(PRODUCTIVE_MIN_AGE)}
                           AND x.birth_date > ${born(PRODUCTIVE_MAX_AGE + 1)})`,
  );
  const elderly = count(
    'elderly_members',
    'elderly',
    sql`count(*) FILTER (WHERE x.birth_date <= ${born(ELDERLY_MIN_AGE)})`,
  );
  const children = count(
    'children',
    'children',
    sql`count(*) FILTER (WHERE x.birth_date <= CAST(${asOf} AS date)
                           AND x.birth_date > ${born(CHILD_MAX_AGE + 1)})`,
  );
  const disabled = count('disabled_members', 'disabled', sql`count(*) FILTER (WHERE x.disability)`);
  return sql`
    SELECT h.id, h.village_code, h.decile, ${sql.raw(needs('pmt_score') ? 'h.pmt_score' : 'NULL')},
      ${sql.raw(needs('extreme_poor') ? 'h.extreme_poor' : 'NULL')},
      ${size.column}, ${productive.column}, ${elderly.column}, ${children.column},
      ${disabled.column}, coalesce(m.heads, 0),
      CASE WHEN m.heads > 1 THEN f.birth ELSE m.head_birth END,
      CASE WHEN m.heads > 1 THEN f.sex ELSE m.head_sex END,
      CASE WHEN m.heads > 1 THEN f.disability ELSE m.head_disability END,
      CASE WHEN m.heads > 1 THEN f.occupation ELSE m.head_occupation END,
      CASE WHEN m.heads > 1 THEN f.education ELSE m.head_education END,
      e.programs
    FROM households h
    LEFT JOIN (
      SELECT x.household_id, ${size.aggregate} ${productive.aggregate} ${elderly.aggregate}
        ${children.aggregate} ${disabled.aggregate}
        count(*) FILTER (WHERE x.relation = 1) AS heads,
        ${head('x.id')} AS head_id,
        ${head(`x.birth_date - DATE '2000-01-01'`)} AS head_birth,
        ${head('x.sex')} AS head_sex,
        bool_or(x.disability) FILTER (WHERE x.relation = 1) AS head_disability,
        ${head('x.occupation')} AS head_occupation,
        ${head('x.education')} AS head_education
      FROM persons x ${regionJoin}
      WHERE ${range('x.household_id')}
      GROUP BY x.household_id) m ON m.household_id = h.id
    LEFT JOIN LATERAL (
      SELECT y.birth_date - DATE '2000-01-01' AS birth, y.sex, y.disability, y.occupation, y.education
      FROM persons y WHERE y.id = m.head_id AND m.heads > 1 OFFSET 0) f ON TRUE
    LEFT JOIN (
      SELECT x.household_id, string_agg(x.program_code, CAST(${PROGRAM_SEPARATOR} AS text)) AS programs
      FROM program_enrolments x ${regionJoin}
      WHERE ${range('x.household_id')} AND ${current}
      GROUP BY x.household_id) e ON e.household_id = h.id
    WHERE ${range('h.id')} AND ${inRegion('h.village_code')}`;
}

/** A condition on the id range of the page being read (`column BETWEEN from AND to`). */
type Range = (column: string) => RawBuilder<unknown>;
/** The scope's region condition on a village code column (TRUE without a region). */
type InRegion = (column: string) => RawBuilder<unknown>;

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
