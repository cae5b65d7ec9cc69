import { ACCOUNTS } from '../cooperatives/ledger/chart.js';
import type { Subject } from './subjects.js';

/**
 * The SQL behind each subject: one SELECT returning, per row, `village_code`, `day` (date placing it in a period),
 * `unit_id` (what a distinct count counts), the subject's flags (boolean), measures (numeric) and
 * disaggregations (text). `region` narrows every source table to one region (a code prefix) so a refresh of one
 * regency reads only its households; '' reads everything. Codes are checked by the caller (region-code shape),
 * so the inline literal is safe.
 */
export function factsSql(subject: Subject, region: string): string {
  const build = BUILDERS[subject.id];
  if (!build) throw new Error(`no SQL for indicator subject ${subject.id}`);
  return build((column) => regionFilter(column, region), region);
}

type In = (column: string) => string;

export function regionFilter(column: string, region: string): string {
  if (region === '') return 'TRUE';
  if (!/^[0-9.]+$/.test(region)) throw new Error(`bad region code ${region}`);
  return region.length >= 13 ? `${column} = '${region}'` : `left(${column}, ${region.length}) = '${region}'`;
}

/** Sex of each household's head (relation 1; the first such person if a register lists two). */
const heads = (inRegion: In) => `(
  SELECT DISTINCT ON (p.household_id) p.household_id, p.sex
  FROM persons p JOIN households hh ON hh.province_code = p.province_code AND hh.id = p.household_id
  WHERE p.relation = 1 AND ${inRegion('hh.village_code')}
  ORDER BY p.household_id, p.id)`;

const month = (periodColumn: string) => `to_date(${periodColumn} || '-01', 'YYYY-MM-DD')`;

const BUILDERS: Record<string, (inRegion: In, region: string) => string> = {
  household_snapshots: (inRegion) => `
SELECT h.village_code, s.snapshot_date AS day, s.household_id AS unit_id,
       coalesce((s.socio->>'miskin_ekstrem')::boolean, false) AS extreme_poor,
       s.decile = 1 AS decile_1, s.decile BETWEEN 1 AND 4 AS decile_1_4,
       s.decile::text AS decile, hd.sex AS sex_of_head
FROM household_snapshots s
JOIN households h ON h.id = s.household_id
LEFT JOIN ${heads(inRegion)} hd ON hd.household_id = s.household_id
WHERE ${inRegion('h.village_code')}`,

  recipient_households: (inRegion) => `
SELECT h.village_code, ${month('e.period')} AS day, e.household_id AS unit_id,
       coalesce(m.since <= (${month('e.period')} + interval '1 month' - interval '1 day')::date, false) AS member,
       h.decile IS NOT NULL AS decile_known,
       NOT (h.decile = ANY (pg.eligible_deciles)) AS outside_eligible_deciles,
       coalesce(h.extreme_poor, false) AS extreme_poor,
       e.program_code AS program, h.decile::text AS decile, hd.sex AS sex_of_head
FROM (SELECT DISTINCT household_id, program_code, period FROM program_enrolments
      WHERE household_id IS NOT NULL) e
JOIN households h ON h.id = e.household_id
JOIN programs pg ON pg.code = e.program_code
LEFT JOIN ${heads(inRegion)} hd ON hd.household_id = e.household_id
LEFT JOIN (
  SELECT p.household_id, min(coalesce(cm.joined_on, DATE '0001-01-01')) AS since
  FROM cooperative_members cm JOIN persons p ON p.id = cm.person_id
  WHERE cm.left_on IS NULL AND p.household_id IS NOT NULL
  GROUP BY p.household_id) m ON m.household_id = e.household_id
WHERE ${inRegion('h.village_code')}`,

  eligible_households: (inRegion) => `
SELECT h.village_code, ${month('l.period')} AS day, h.id AS unit_id,
       r.household_id IS NOT NULL AS enrolled, r.household_id IS NULL AS not_enrolled,
       l.program_code AS program, h.decile::text AS decile, hd.sex AS sex_of_head
FROM (SELECT program_code, max(period) AS period FROM program_enrolments GROUP BY program_code) l
JOIN programs pg ON pg.code = l.program_code
JOIN households h ON h.decile = ANY (pg.eligible_deciles)
LEFT JOIN (SELECT DISTINCT e.household_id, e.program_code, e.period FROM program_enrolments e
           WHERE e.household_id IS NOT NULL) r
  ON r.household_id = h.id AND r.program_code = l.program_code AND r.period = l.period
LEFT JOIN ${heads(inRegion)} hd ON hd.household_id = h.id
WHERE ${inRegion('h.village_code')}`,

  extreme_poor_households: (inRegion) => `
SELECT h.village_code, ${month('mo.period')} AS day, h.id AS unit_id,
       r.household_id IS NOT NULL AS reached,
       h.decile::text AS decile, hd.sex AS sex_of_head
FROM (SELECT DISTINCT period FROM program_enrolments) mo
CROSS JOIN households h
LEFT JOIN (SELECT DISTINCT household_id, period FROM program_enrolments WHERE household_id IS NOT NULL) r
  ON r.household_id = h.id AND r.period = mo.period
LEFT JOIN ${heads(inRegion)} hd ON hd.household_id = h.id
WHERE h.extreme_poor AND ${inRegion('h.village_code')}`,

  // Two kinds of row per household–program–month: "on this month's list" (enrolled; re-entered when it was
  // absent from last month's list but on an earlier one, and last month had a list) and "on last month's list,
  // and the program has a list this month" (was_enrolled; exited when missing from this month's).
  program_transitions: (inRegion) => `
SELECT h.village_code, t.day, t.household_id AS unit_id,
       t.was_enrolled, t.exited, t.enrolled, t.reentered,
       t.program_code AS program, h.decile::text AS decile, hd.sex AS sex_of_head
FROM (
  WITH e AS (
    SELECT DISTINCT pe.household_id, pe.program_code, ${month('pe.period')} AS month
    FROM program_enrolments pe JOIN households hh ON hh.id = pe.household_id
    WHERE ${inRegion('hh.village_code')}),
  lists AS (SELECT DISTINCT program_code, ${month('period')} AS month FROM program_enrolments),
  w AS (
    SELECT household_id, program_code, month,
           lag(month) OVER p AS prev, lead(month) OVER p AS next
    FROM e WINDOW p AS (PARTITION BY household_id, program_code ORDER BY month))
  SELECT w.household_id, w.program_code, w.month AS day,
         false AS was_enrolled, false AS exited, true AS enrolled,
         (lp.month IS NOT NULL AND w.prev IS NOT NULL AND w.prev < lp.month) AS reentered
  FROM w LEFT JOIN lists lp
    ON lp.program_code = w.program_code AND lp.month = (w.month - interval '1 month')::date
  UNION ALL
  SELECT w.household_id, w.program_code, l.month AS day,
         true, w.next IS DISTINCT FROM l.month, false, false
  FROM w JOIN lists l
    ON l.program_code = w.program_code AND l.month = (w.month + interval '1 month')::date
) t
JOIN households h ON h.id = t.household_id
LEFT JOIN ${heads(inRegion)} hd ON hd.household_id = t.household_id`,

  decile_transitions: (inRegion) => `
SELECT t.village_code, t.snapshot_date AS day, t.household_id AS unit_id,
       t.prev BETWEEN 1 AND 4 AS was_decile_1_4,
       coalesce(t.prev BETWEEN 1 AND 4 AND t.decile > 4, false) AS left_decile_1_4,
       t.prev BETWEEN 1 AND 2 AS was_decile_1_2,
       coalesce(t.prev BETWEEN 1 AND 2 AND t.decile > 2, false) AS left_decile_1_2,
       t.prev::text AS decile, hd.sex AS sex_of_head
FROM (
  SELECT s.household_id, h.village_code, s.snapshot_date, s.decile,
         lag(s.decile) OVER w AS prev, lag(s.snapshot_date) OVER w AS prev_date
  FROM household_snapshots s JOIN households h ON h.id = s.household_id
  WHERE ${inRegion('h.village_code')}
  WINDOW w AS (PARTITION BY s.household_id ORDER BY s.snapshot_date, s.batch_id)
) t
LEFT JOIN ${heads(inRegion)} hd ON hd.household_id = t.household_id
WHERE t.prev_date IS NOT NULL AND t.prev_date < t.snapshot_date`,

  cooperative_members: (inRegion) => `
SELECT c.village_code, coalesce(b.snapshot_date, b.created_at::date, m.created_at::date) AS day,
       m.id AS unit_id,
       m.left_on IS NULL AS active, m.person_id IS NOT NULL AS linked,
       (p.household_id IS NOT NULL AND EXISTS (
          SELECT 1 FROM program_enrolments e WHERE e.household_id = p.household_id)) AS kpm,
       m.savings_paid::double precision AS savings_paid, p.sex AS sex,
       coalesce(pk.balance > 0, false) AS pokok_paid
FROM cooperative_members m
JOIN cooperatives c ON c.id = m.cooperative_id
LEFT JOIN (
  SELECT l.member_id, sum(l.credit - l.debit) AS balance
  FROM coop_journal_lines l JOIN cooperatives lc ON lc.id = l.cooperative_id
  WHERE l.account_code = '${ACCOUNTS.pokok.code}' AND l.member_id IS NOT NULL AND ${inRegion('lc.village_code')}
  GROUP BY l.member_id) pk ON pk.member_id = m.id
LEFT JOIN source_batches b ON b.id = m.batch_id
LEFT JOIN persons p ON p.id = m.person_id
WHERE ${inRegion('c.village_code')}`,
};
