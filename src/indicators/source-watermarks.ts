import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * How far a refresh read the source tables, so staleness is known per regency without triggers.
 *
 * Regional watermarks are the highest id (or batch) of each source table: rows above them were added since, and
 * each is placed in its regency (households, their snapshots and people by the household's village, bansos rows
 * by the household's or the list's village, members by the cooperative's village). Global inputs change values
 * in every region (a revert, a linkage run, a new bansos list month: exits, exclusion and reach are counted
 * against the months that have a list), so a change there needs a full refresh.
 */
export interface Watermarks {
  households: number;
  persons: number;
  batch: number;
  enrolments: number;
  members: number;
  /** Cooperative journal entries (pokok balances, loans); by the cooperative's village. */
  journal: number;
  /** Loan events (a restructuring changes the schedule without a posting); by the cooperative's village. */
  loanEvents: number;
  /** Mentoring sessions; by the cooperative's village. */
  mentoring: number;
  /** Reverts and linkage runs, as one comparable string. */
  global: string;
  /** Published pilot assignments (they place households in arms and waves): for pilot disaggregations. */
  pilots: string;
  /** The last month of cooperative positions (facts-sql.ts): a later one adds a month end to every loan. */
  coopMonth: string;
}

/** touchedSince results by watermark, shared by the indicators of one status or refresh. */
export type TouchedCache = Map<string, Promise<{ regencies: Set<string>; newListMonth: boolean }>>;

/** Which inputs that change every region an indicator reads besides reverts and linkage runs. */
export interface GlobalInputs {
  pilots: boolean;
  coopMonth: boolean;
}

/** What is out of date for one refresh history. */
export interface Staleness {
  /** Everything must be recomputed (never refreshed fully, or a global input changed since). */
  full: boolean;
  /** Regencies (PP.RR) with rows added since their last refresh; empty when `full`. */
  regencies: string[];
}

export function parseWatermarks(mark: string): Watermarks | null {
  if (!mark.startsWith('{')) return null;
  try {
    const w = JSON.parse(mark) as Partial<Watermarks>;
    const ids = [w.households, w.persons, w.batch, w.enrolments, w.members];
    return ids.every((n) => typeof n === 'number') && typeof w.global === 'string'
      ? {
          ...(w as Watermarks),
          journal: w.journal ?? 0,
          loanEvents: w.loanEvents ?? 0,
          mentoring: w.mentoring ?? 0,
          pilots: w.pilots ?? '',
          coopMonth: w.coopMonth ?? '',
        }
      : null;
  } catch {
    return null;
  }
}

export async function currentWatermarks(db: Kysely<DB>): Promise<Watermarks> {
  const r = await sql<{
    households: string | null;
    persons: string | null;
    batch: string | null;
    enrolments: string | null;
    members: string | null;
    journal: string | null;
    loan_events: string | null;
    mentoring: string | null;
    global: string;
    pilots: string;
    coop_month: string | null;
  }>`
    SELECT (SELECT max(id) FROM households) AS households,
           (SELECT max(id) FROM persons) AS persons,
           (SELECT max(id) FROM source_batches) AS batch,
           (SELECT max(id) FROM program_enrolments) AS enrolments,
           (SELECT max(id) FROM cooperative_members) AS members,
           (SELECT max(id) FROM coop_journal_entries) AS journal,
           (SELECT max(id) FROM coop_loan_events) AS loan_events,
           (SELECT max(id) FROM coop_mentoring_sessions) AS mentoring,
           concat_ws('|',
             (SELECT count(*) FROM source_batches WHERE reverted_at IS NOT NULL),
             (SELECT max(reverted_at) FROM source_batches),
             (SELECT max(id) FROM linkage_runs)) AS global,
           (SELECT count(*) || '/' || coalesce(max(id), 0) FROM pilot_randomizations WHERE status = 'published') AS pilots,
           to_char(greatest((SELECT max(entry_date) FROM coop_journal_entries),
                            (SELECT max(held_on) FROM coop_mentoring_sessions)), 'YYYY-MM') AS coop_month`.execute(
    db,
  );
  const row = r.rows[0]!;
  const n = (v: string | null) => Number(v ?? 0);
  return {
    households: n(row.households),
    persons: n(row.persons),
    batch: n(row.batch),
    enrolments: n(row.enrolments),
    members: n(row.members),
    journal: n(row.journal),
    loanEvents: n(row.loan_events),
    mentoring: n(row.mentoring),
    global: row.global,
    pilots: row.pilots,
    coopMonth: row.coop_month ?? '',
  };
}

/**
 * Regencies holding rows added after `w`, and whether a bansos list month appeared that did not exist then.
 * Every part reads only the new rows (primary-key or batch index ranges).
 */
export async function touchedSince(
  db: Kysely<DB>,
  w: Watermarks,
): Promise<{ regencies: Set<string>; newListMonth: boolean }> {
  const r = await sql<{ regency: string }>`
    SELECT left(village_code, 5) AS regency FROM households WHERE id > ${w.households}
    UNION SELECT left(h.village_code, 5) FROM household_snapshots s JOIN households h ON h.id = s.household_id
          WHERE s.batch_id > ${w.batch}
    UNION SELECT left(h.village_code, 5) FROM persons p JOIN households h ON h.province_code = p.province_code AND h.id = p.household_id
          WHERE p.id > ${w.persons}
    UNION SELECT left(coalesce(h.village_code, e.village_code), 5) FROM program_enrolments e
          LEFT JOIN households h ON h.id = e.household_id
          WHERE e.id > ${w.enrolments} AND coalesce(h.village_code, e.village_code) IS NOT NULL
    UNION SELECT left(c.village_code, 5) FROM cooperative_members m JOIN cooperatives c ON c.id = m.cooperative_id
          WHERE m.id > ${w.members}
    UNION SELECT left(c.village_code, 5) FROM coop_journal_entries e JOIN cooperatives c ON c.id = e.cooperative_id
          WHERE e.id > ${w.journal}
    UNION SELECT left(c.village_code, 5) FROM coop_loan_events e JOIN cooperatives c ON c.id = e.cooperative_id
          WHERE e.id > ${w.loanEvents}
    UNION SELECT left(c.village_code, 5) FROM coop_mentoring_sessions s JOIN cooperatives c ON c.id = s.cooperative_id
          WHERE s.id > ${w.mentoring}`.execute(db);
  const months = await sql<{ n: string }>`
    SELECT count(*) AS n FROM (SELECT DISTINCT program_code, period FROM program_enrolments WHERE id > ${w.enrolments}) x
    WHERE NOT EXISTS (SELECT 1 FROM program_enrolments o
                      WHERE o.program_code = x.program_code AND o.period = x.period AND o.id <= ${w.enrolments})`.execute(
    db,
  );
  return {
    regencies: new Set(r.rows.map((row) => row.regency)),
    newListMonth: Number(months.rows[0]!.n) > 0,
  };
}

/**
 * What one indicator version needs, from its refreshes (oldest first): everything when it never had a full
 * refresh or a global input changed since the last one; otherwise the regencies with rows newer than the
 * latest refresh covering them (the full one, or a later refresh of their province or of themselves).
 */
export async function staleness(
  db: Kysely<DB>,
  refreshes: readonly { region_code: string; source_mark: string }[],
  now: Watermarks,
  cache: TouchedCache = new Map(),
  inputs: GlobalInputs = { pilots: false, coopMonth: false },
): Promise<Staleness> {
  const global = (w: Watermarks) =>
    [w.global, inputs.pilots ? w.pilots : '', inputs.coopMonth ? w.coopMonth : ''].join('#');
  const fullAt = refreshes.findLastIndex((r) => r.region_code === '');
  const base = fullAt < 0 ? null : parseWatermarks(refreshes[fullAt]!.source_mark);
  if (!base || global(base) !== global(now)) return { full: true, regencies: [] };
  const touched = (w: Watermarks) => {
    const key = JSON.stringify(w);
    let found = cache.get(key);
    if (!found) cache.set(key, (found = touchedSince(db, w)));
    return found;
  };
  const since = await touched(base);
  if (since.newListMonth) return { full: true, regencies: [] };
  const later = refreshes.slice(fullAt + 1);
  const stale: string[] = [];
  for (const regency of [...since.regencies].sort()) {
    const covering = later.findLast((r) => regency.startsWith(r.region_code));
    const mark: Watermarks | null = covering ? parseWatermarks(covering.source_mark) : base;
    if (!mark || global(mark) !== global(now)) return { full: true, regencies: [] };
    if (mark === base || (await touched(mark)).regencies.has(regency)) stale.push(regency);
  }
  return { full: false, regencies: stale };
}
