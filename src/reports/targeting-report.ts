import { sql, type Kysely } from 'kysely';
import { householdRegionCondition, regionCondition } from '../regions/region-condition.js';
import type { DB } from '../db/schema.js';
import { maskIdentifier } from '../identity/nik.js';
import { NotFoundError } from '../shared/errors.js';

/**
 * Targeting quality of current social programs (BP Taskin's view). Recipients of a program's period are linked
 * to DTSEN households by program_enrolments.household_id when linkage set it, else by an exact NIK match to a
 * household member (the lowest household id when a NIK appears in several). Measures count households:
 *   inclusion error = recipient households outside the program's eligible deciles (unknown decile counts as
 *                     outside) / recipient households
 *   exclusion error = eligible-decile households not receiving the program / eligible-decile households
 */
export interface RegionQuality {
  region: string;
  name: string | null;
  recipient_households: number;
  outside_eligible: number;
  eligible_households: number;
  eligible_reached: number;
  unmatched_recipients: number;
  inclusion_error: number;
  exclusion_error: number;
}

export interface ProgramQuality {
  program: string;
  period: string;
  eligible_deciles: number[];
  recipients: number;
  matched_recipients: number;
  unmatched_recipients: number;
  recipient_households: number;
  by_decile: Record<string, number>;
  eligible_households: number;
  eligible_reached: number;
  inclusion_error: number;
  exclusion_error: number;
  by_region: RegionQuality[];
}

export interface UnmatchedRecipient {
  program: string;
  period: string;
  nik_masked: string | null;
  name: string;
  village_code: string | null;
}

const round = (x: number) => Math.round(x * 10000) / 10000;
const ratio = (n: number, d: number) => (d > 0 ? round(n / d) : 0);
const CODE_LENGTH = [0, 2, 5, 8, 13];

export async function targetingReport(
  db: Kysely<DB>,
  options: { program?: string; region?: string; regionLevel?: number },
): Promise<{ region: string | null; group_level: number; programs: ProgramQuality[] }> {
  let programs = db.selectFrom('programs').select(['code', 'eligible_deciles']).orderBy('code');
  if (options.program) programs = programs.where('code', '=', options.program);
  const list = await programs.execute();
  if (options.program && list.length === 0)
    throw new NotFoundError(`program ${options.program} does not exist (see entas programs list)`);
  const region = options.region ?? null;
  const regionLevel = region ? region.split('.').length : 0;
  const groupLevel = options.regionLevel ?? Math.min(4, Math.max(2, regionLevel + 1));
  const len = CODE_LENGTH[groupLevel] ?? 5;
  const out: ProgramQuality[] = [];
  for (const p of list) {
    const period = await db
      .selectFrom('program_enrolments')
      .select((eb) => eb.fn.max('period').as('period'))
      .where('program_code', '=', p.code)
      .executeTakeFirst();
    if (!period?.period) continue;
    const recipients = recipientHouseholds(p.code, period.period);
    const rows = await sql<{
      grp: string;
      decile: number | null;
      recipients: number;
      households: number;
      unmatched: number;
    }>`
      WITH ${recipients}
      SELECT substr(coalesce(h.village_code, e.village_code, '?'), 1, ${len}) AS grp, h.decile,
             count(*)::int AS recipients, count(DISTINCT e.hh)::int AS households,
             count(*) FILTER (WHERE e.hh IS NULL)::int AS unmatched
      FROM e LEFT JOIN households h ON h.id = e.hh
      WHERE ${region === null ? sql<boolean>`true` : householdRegionCondition(sql<string | null>`coalesce(h.village_code, e.village_code)`, [region])}
      GROUP BY 1, 2`.execute(db);
    const eligibleRows = await sql<{ grp: string; eligible: number; reached: number }>`
      WITH ${recipients}
      SELECT substr(h.village_code, 1, ${len}) AS grp, count(*)::int AS eligible,
             count(*) FILTER (WHERE h.id IN (SELECT hh FROM e))::int AS reached
      FROM households h
      WHERE h.decile = ANY(${p.eligible_deciles}::smallint[])
        AND ${region === null ? sql<boolean>`true` : householdRegionCondition('h.village_code', [region])}
      GROUP BY 1`.execute(db);
    out.push(summarise(p.code, period.period, p.eligible_deciles, rows.rows, eligibleRows.rows));
  }
  const names = await regionNames(
    db,
    out.flatMap((p) => p.by_region.map((r) => r.region)),
  );
  for (const p of out) for (const r of p.by_region) r.name = names.get(r.region) ?? null;
  return { region, group_level: groupLevel, programs: out };
}

/** Pure: the measures from per-(region, decile) recipient counts and per-region eligible counts. */
export function summarise(
  program: string,
  period: string,
  eligibleDeciles: number[],
  recipients: Array<{
    grp: string;
    decile: number | null;
    recipients: number;
    households: number;
    unmatched: number;
  }>,
  eligible: Array<{ grp: string; eligible: number; reached: number }>,
): ProgramQuality {
  const eligibleSet = new Set(eligibleDeciles);
  const regions = new Map<string, RegionQuality>();
  const regionOf = (grp: string) => {
    let r = regions.get(grp);
    if (!r) {
      r = {
        region: grp,
        name: null,
        recipient_households: 0,
        outside_eligible: 0,
        eligible_households: 0,
        eligible_reached: 0,
        unmatched_recipients: 0,
        inclusion_error: 0,
        exclusion_error: 0,
      };
      regions.set(grp, r);
    }
    return r;
  };
  const byDecile: Record<string, number> = {};
  let total = 0;
  let unmatched = 0;
  for (const row of recipients) {
    total += row.recipients;
    const r = regionOf(row.grp);
    unmatched += row.unmatched;
    r.unmatched_recipients += row.unmatched;
    const matchedHouseholds = row.households;
    if (matchedHouseholds === 0) continue;
    const key = row.decile === null ? 'unknown' : String(row.decile);
    byDecile[key] = (byDecile[key] ?? 0) + matchedHouseholds;
    r.recipient_households += matchedHouseholds;
    if (row.decile === null || !eligibleSet.has(row.decile)) r.outside_eligible += matchedHouseholds;
  }
  for (const row of eligible) {
    const r = regionOf(row.grp);
    r.eligible_households += row.eligible;
    r.eligible_reached += row.reached;
  }
  const byRegion = [...regions.values()].sort((a, b) => a.region.localeCompare(b.region));
  let households = 0;
  let outside = 0;
  let eligibleTotal = 0;
  let reached = 0;
  for (const r of byRegion) {
    r.inclusion_error = ratio(r.outside_eligible, r.recipient_households);
    r.exclusion_error = ratio(r.eligible_households - r.eligible_reached, r.eligible_households);
    households += r.recipient_households;
    outside += r.outside_eligible;
    eligibleTotal += r.eligible_households;
    reached += r.eligible_reached;
  }
  return {
    program,
    period,
    eligible_deciles: eligibleDeciles,
    recipients: total,
    matched_recipients: total - unmatched,
    unmatched_recipients: unmatched,
    recipient_households: households,
    by_decile: byDecile,
    eligible_households: eligibleTotal,
    eligible_reached: reached,
    inclusion_error: ratio(outside, households),
    exclusion_error: ratio(eligibleTotal - reached, eligibleTotal),
    by_region: byRegion,
  };
}

/**
 * CTEs `e` (id, village_code, hh): a program period's recipients and their household, the linked one or else the
 * lowest household holding the NIK. The NIK lookup is one grouped join, not a subquery per recipient: before
 * linkage sets household_id that subquery ran for every recipient, and PostgreSQL planned its min() as a walk of
 * persons in household order, so the report ran for minutes on a fresh demo (issue #11).
 */
function recipientHouseholds(program: string, period: string) {
  return sql`raw AS MATERIALIZED (
        SELECT id, village_code, household_id, nik FROM program_enrolments
        WHERE program_code = ${program} AND period = ${period}
      ),
      by_nik AS (
        SELECT pp.nik, min(pp.household_id) AS hh FROM persons pp
        WHERE pp.nik IN (SELECT nik FROM raw WHERE household_id IS NULL AND nik IS NOT NULL)
        GROUP BY pp.nik
      ),
      e AS MATERIALIZED (
        SELECT raw.id, raw.village_code, coalesce(raw.household_id, by_nik.hh) AS hh
        FROM raw LEFT JOIN by_nik ON by_nik.nik = raw.nik
      )`;
}

async function regionNames(db: Kysely<DB>, codes: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)].filter((c) => c !== '?');
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('regions').select(['code', 'name']).where('code', 'in', unique).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Recipients of the current period that match no household (NIK masked). */
export async function unmatchedRecipients(
  db: Kysely<DB>,
  options: { program?: string; region?: string },
): Promise<UnmatchedRecipient[]> {
  const region = options.region ?? null;
  const rows = await sql<{
    program: string;
    period: string;
    nik: string | null;
    name: string;
    village_code: string | null;
  }>`
    WITH cur AS (SELECT program_code, max(period) AS period FROM program_enrolments GROUP BY program_code)
    SELECT e.program_code AS program, e.period, e.nik, e.name, e.village_code
    FROM program_enrolments e JOIN cur ON cur.program_code = e.program_code AND cur.period = e.period
    WHERE e.household_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM persons p WHERE e.nik IS NOT NULL AND p.nik = e.nik AND p.household_id IS NOT NULL)
      AND (${options.program ?? null}::text IS NULL OR e.program_code = ${options.program ?? null}::text)
      AND ${region === null ? sql`true` : regionCondition('e.village_code', [region])}
    ORDER BY e.program_code, e.village_code, e.id`.execute(db);
  return rows.rows.map((r) => ({
    program: r.program,
    period: r.period,
    nik_masked: maskIdentifier(r.nik),
    name: r.name,
    village_code: r.village_code,
  }));
}
