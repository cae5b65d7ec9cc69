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

/**
 * Each household's pilot placement, from published randomisations: a village cluster holds the households living
 * in its village, a cooperative cluster those the pilot policy's current decisions assign to its cooperative.
 * Categories name the pilot: arm `1:treatment` / `1:control`, wave `1:2` (wave 2) or `1:control` for a control
 * cluster without a wave. A household placed by two pilots counts under the newer pilot only, so categories of
 * one disaggregation never hold a household twice.
 */
const pilots = (inRegion: In) => `(
  SELECT DISTINCT ON (x.household_id) x.household_id,
         x.pilot_id || ':' || x.arm AS pilot_arm,
         x.pilot_id || ':' || coalesce(x.wave_no::text, x.arm) AS pilot_wave
  FROM (
    SELECT hh.id AS household_id, c.pilot_id, a.arm, a.wave_no
    FROM pilot_randomizations r
    JOIN pilot_assignments a ON a.randomization_id = r.id
    JOIN pilot_clusters c ON c.id = a.cluster_id
    JOIN pilots pl ON pl.id = c.pilot_id AND pl.cluster_kind = 'village'
    JOIN households hh ON hh.village_code = c.village_code
    WHERE r.status = 'published' AND ${inRegion('hh.village_code')}
    UNION ALL
    SELECT hh.id, c.pilot_id, a.arm, a.wave_no
    FROM pilot_randomizations r
    JOIN pilot_assignments a ON a.randomization_id = r.id
    JOIN pilot_clusters c ON c.id = a.cluster_id
    JOIN pilots pl ON pl.id = c.pilot_id AND pl.cluster_kind = 'cooperative'
    JOIN policy_decisions d ON d.cooperative_id = c.cooperative_id AND d.superseded_by IS NULL
    JOIN policy_applications pa ON pa.id = d.application_id AND pa.policy_row_id = pl.policy_row_id
    JOIN households hh ON hh.province_code = d.province_code AND hh.id = d.household_id
    WHERE r.status = 'published' AND ${inRegion('hh.village_code')}
  ) x
  ORDER BY x.household_id, x.pilot_id DESC)`;

/**
 * The last month of cooperative positions: the month of the latest posting or mentoring session in any
 * cooperative's books (the same for every region, so regional refreshes agree with a full one). Postings, not the
 * clock, end the series, so values do not change by themselves when a month ends; at that month's end an
 * installment due after the latest posting is at most 30 days late, so PAR30 and PAR90 are not affected by it.
 */
const LAST_COOP_MONTH = `(SELECT date_trunc('month', greatest(
  (SELECT max(entry_date) FROM coop_journal_entries),
  (SELECT max(held_on) FROM coop_mentoring_sessions)))::date AS month)`;

const month = (periodColumn: string) => `to_date(${periodColumn} || '-01', 'YYYY-MM-DD')`;

const BUILDERS: Record<string, (inRegion: In, region: string) => string> = {
  household_snapshots: (inRegion) => `
SELECT h.village_code, s.snapshot_date AS day, s.household_id AS unit_id,
       coalesce((s.socio->>'miskin_ekstrem')::boolean, false) AS extreme_poor,
       s.decile = 1 AS decile_1, s.decile BETWEEN 1 AND 4 AS decile_1_4,
       s.decile::text AS decile, hd.sex AS sex_of_head, pp.pilot_arm, pp.pilot_wave
FROM household_snapshots s
JOIN households h ON h.id = s.household_id
LEFT JOIN ${heads(inRegion)} hd ON hd.household_id = s.household_id
LEFT JOIN ${pilots(inRegion)} pp ON pp.household_id = s.household_id
WHERE ${inRegion('h.village_code')}`,

  recipient_households: (inRegion) => `
SELECT h.village_code, ${month('e.period')} AS day, e.household_id AS unit_id,
       coalesce(m.since <= (${month('e.period')} + interval '1 month' - interval '1 day')::date, false) AS member,
       h.decile IS NOT NULL AS decile_known,
       NOT (h.decile = ANY (pg.eligible_deciles)) AS outside_eligible_deciles,
       coalesce(h.extreme_poor, false) AS extreme_poor,
       e.program_code AS program, h.decile::text AS decile, hd.sex AS sex_of_head, pp.pilot_arm, pp.pilot_wave
FROM (SELECT DISTINCT household_id, program_code, period FROM program_enrolments
      WHERE household_id IS NOT NULL) e
JOIN households h ON h.id = e.household_id
JOIN programs pg ON pg.code = e.program_code
LEFT JOIN ${heads(inRegion)} hd ON hd.household_id = e.household_id
LEFT JOIN ${pilots(inRegion)} pp ON pp.household_id = e.household_id
LEFT JOIN (
  SELECT p.household_id, min(coalesce(cm.joined_on, DATE '0001-01-01')) AS since
  FROM cooperative_members cm JOIN persons p ON p.id = cm.person_id
  WHERE cm.left_on IS NULL AND p.household_id IS NOT NULL
  GROUP BY p.household_id) m ON m.household_id = e.household_id
WHERE ${inRegion('h.village_code')}`,

  eligible_households: (inRegion) => `
SELECT h.village_code, ${month('l.period')} AS day, h.id AS unit_id,
       r.household_id IS NOT NULL AS enrolled, r.household_id IS NULL AS not_enrolled,
       l.program_code AS program, h.decile::text AS decile, hd.sex AS sex_of_head, pp.pilot_arm, pp.pilot_wave
FROM (SELECT program_code, max(period) AS period FROM program_enrolments GROUP BY program_code) l
JOIN programs pg ON pg.code = l.program_code
JOIN households h ON h.decile = ANY (pg.eligible_deciles)
LEFT JOIN (SELECT DISTINCT e.household_id, e.program_code, e.period FROM program_enrolments e
           WHERE e.household_id IS NOT NULL) r
  ON r.household_id = h.id AND r.program_code = l.program_code AND r.period = l.period
LEFT JOIN ${heads(inRegion)} hd ON hd.household_id = h.id
LEFT JOIN ${pilots(inRegion)} pp ON pp.household_id = h.id
WHERE ${inRegion('h.village_code')}`,

  extreme_poor_households: (inRegion) => `
SELECT h.village_code, ${month('mo.period')} AS day, h.id AS unit_id,
       r.household_id IS NOT NULL AS reached,
       h.decile::text AS decile, hd.sex AS sex_of_head, pp.pilot_arm, pp.pilot_wave
FROM (SELECT DISTINCT period FROM program_enrolments) mo
CROSS JOIN households h
LEFT JOIN (SELECT DISTINCT household_id, period FROM program_enrolments WHERE household_id IS NOT NULL) r
  ON r.household_id = h.id AND r.period = mo.period
LEFT JOIN ${heads(inRegion)} hd ON hd.household_id = h.id
LEFT JOIN ${pilots(inRegion)} pp ON pp.household_id = h.id
WHERE h.extreme_poor AND ${inRegion('h.village_code')}`,

  // Two kinds of row per household–program–month: "on this month's list" (enrolled; re-entered when it was
  // absent from last month's list but on an earlier one, and last month had a list) and "on last month's list,
  // and the program has a list this month" (was_enrolled; exited when missing from this month's).
  program_transitions: (inRegion) => `
SELECT h.village_code, t.day, t.household_id AS unit_id,
       t.was_enrolled, t.exited, t.enrolled, t.reentered,
       t.program_code AS program, h.decile::text AS decile, hd.sex AS sex_of_head, pp.pilot_arm, pp.pilot_wave
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
LEFT JOIN ${heads(inRegion)} hd ON hd.household_id = t.household_id
LEFT JOIN ${pilots(inRegion)} pp ON pp.household_id = t.household_id`,

  decile_transitions: (inRegion) => `
SELECT t.village_code, t.snapshot_date AS day, t.household_id AS unit_id,
       t.prev BETWEEN 1 AND 4 AS was_decile_1_4,
       coalesce(t.prev BETWEEN 1 AND 4 AND t.decile > 4, false) AS left_decile_1_4,
       t.prev BETWEEN 1 AND 2 AS was_decile_1_2,
       coalesce(t.prev BETWEEN 1 AND 2 AND t.decile > 2, false) AS left_decile_1_2,
       t.prev::text AS decile, hd.sex AS sex_of_head, pp.pilot_arm, pp.pilot_wave
FROM (
  SELECT s.household_id, h.village_code, s.snapshot_date, s.decile,
         lag(s.decile) OVER w AS prev, lag(s.snapshot_date) OVER w AS prev_date
  FROM household_snapshots s JOIN households h ON h.id = s.household_id
  WHERE ${inRegion('h.village_code')}
  WINDOW w AS (PARTITION BY s.household_id ORDER BY s.snapshot_date, s.batch_id)
) t
LEFT JOIN ${heads(inRegion)} hd ON hd.household_id = t.household_id
LEFT JOIN ${pilots(inRegion)} pp ON pp.household_id = t.household_id
WHERE t.prev_date IS NOT NULL AND t.prev_date < t.snapshot_date`,

  cooperative_members: (inRegion) => `
SELECT c.village_code, coalesce(b.snapshot_date, b.created_at::date, m.created_at::date) AS day,
       m.id AS unit_id,
       m.left_on IS NULL AS active, m.person_id IS NOT NULL AS linked,
       (p.household_id IS NOT NULL AND EXISTS (
          SELECT 1 FROM program_enrolments e WHERE e.household_id = p.household_id)) AS kpm,
       m.savings_paid::double precision AS savings_paid, p.sex AS sex,
       coalesce(pk.balance > 0, false) AS pokok_paid, pp.pilot_arm, pp.pilot_wave
FROM cooperative_members m
JOIN cooperatives c ON c.id = m.cooperative_id
LEFT JOIN (
  SELECT l.member_id, sum(l.credit - l.debit) AS balance
  FROM coop_journal_lines l JOIN cooperatives lc ON lc.id = l.cooperative_id
  WHERE l.account_code = '${ACCOUNTS.pokok.code}' AND l.member_id IS NOT NULL AND ${inRegion('lc.village_code')}
  GROUP BY l.member_id) pk ON pk.member_id = m.id
LEFT JOIN source_batches b ON b.id = m.batch_id
LEFT JOIN persons p ON p.id = m.person_id
LEFT JOIN ${pilots(inRegion)} pp ON pp.household_id = p.household_id
WHERE ${inRegion('c.village_code')}`,

  // Month-end positions of member loans from the journal (docs/FINANCE.md): outstanding principal = the loan's
  // 1300 balance from entries dated up to the month end; days past due = days since the due date of the oldest
  // installment not fully paid, principal and interest paid applied in order, under the schedule version in force
  // at the month end (one version per restructuring up to then). Monthly movements are summed once per loan and
  // month and accumulated by a window, so a loan costs months + installments rows, not a scan per month end.
  loan_positions: (inRegion) => `
WITH lo AS (
  SELECT l.province_code, l.id, l.member_id, l.disbursed_on, l.written_off_on, c.village_code
  FROM coop_loans l JOIN cooperatives c ON c.id = l.cooperative_id
  WHERE l.direction = 'member' AND ${inRegion('c.village_code')}),
grid AS (
  SELECT lo.*, g::date AS month, (g + interval '1 month' - interval '1 day')::date AS day
  FROM lo CROSS JOIN ${LAST_COOP_MONTH} last
  CROSS JOIN LATERAL generate_series(date_trunc('month', lo.disbursed_on), last.month, interval '1 month') g),
moves AS (
  SELECT jl.province_code, jl.loan_id, date_trunc('month', je.entry_date)::date AS month,
         coalesce(sum(jl.debit - jl.credit) FILTER (WHERE jl.account_code = '${ACCOUNTS.loans.code}'), 0) AS principal,
         coalesce(sum(jl.credit - jl.debit) FILTER (WHERE jl.account_code = '${ACCOUNTS.interestIncome.code}'), 0) AS interest
  FROM lo
  JOIN coop_journal_lines jl ON jl.province_code = lo.province_code AND jl.loan_id = lo.id
  JOIN coop_journal_entries je ON je.province_code = jl.province_code AND je.id = jl.entry_id
  GROUP BY 1, 2, 3),
pos AS (
  SELECT g.*, sum(coalesce(m.principal, 0)) OVER w AS outstanding,
         sum(coalesce(m.interest, 0)) OVER w AS interest_paid,
         (SELECT count(*) FROM coop_loan_events ev
          WHERE ev.province_code = g.province_code AND ev.loan_id = g.id AND ev.kind = 'restructure'
            AND ev.event_date <= g.day)::int AS version
  FROM grid g
  LEFT JOIN moves m ON m.province_code = g.province_code AND m.loan_id = g.id AND m.month = g.month
  WINDOW w AS (PARTITION BY g.province_code, g.id ORDER BY g.month)),
inst AS (
  SELECT i.province_code, i.loan_id, i.version, i.due_date,
         sum(i.principal) OVER w AS cum_principal, sum(i.interest) OVER w AS cum_interest,
         sum(i.principal) OVER (PARTITION BY i.province_code, i.loan_id, i.version) AS lent
  FROM lo JOIN coop_loan_installments i ON i.province_code = lo.province_code AND i.loan_id = lo.id
  WINDOW w AS (PARTITION BY i.province_code, i.loan_id, i.version ORDER BY i.n)),
late AS (
  SELECT p.province_code, p.id, p.month, min(i.due_date) AS due
  FROM pos p
  JOIN inst i ON i.province_code = p.province_code AND i.loan_id = p.id AND i.version = p.version
  WHERE i.due_date <= p.day AND (i.cum_principal > i.lent - p.outstanding OR i.cum_interest > p.interest_paid)
  GROUP BY 1, 2, 3)
SELECT p.village_code, p.day, p.id AS unit_id, p.outstanding::double precision AS outstanding,
       coalesce(p.day - lt.due > 30, false) AS par30, coalesce(p.day - lt.due > 90, false) AS par90,
       pe.sex AS sex, pp.pilot_arm, pp.pilot_wave
FROM pos p
LEFT JOIN late lt ON lt.province_code = p.province_code AND lt.id = p.id AND lt.month = p.month
LEFT JOIN cooperative_members cm ON cm.id = p.member_id
LEFT JOIN persons pe ON pe.id = cm.person_id
LEFT JOIN ${pilots(inRegion)} pp ON pp.household_id = pe.household_id
WHERE p.outstanding > 0 AND (p.written_off_on IS NULL OR p.written_off_on > p.day)`,

  // A cooperative in each month from its start to the last month of cooperative positions; mentored when a
  // mentoring session was held in that month.
  cooperative_months: (inRegion) => `
SELECT co.village_code, g::date AS day, co.id AS unit_id,
       EXISTS (SELECT 1 FROM coop_mentoring_sessions s
               WHERE s.province_code = left(co.village_code, 2) AND s.cooperative_id = co.id
                 AND s.held_on >= g::date AND s.held_on < (g + interval '1 month')::date) AS mentored
FROM (
  SELECT c.id, c.village_code,
         date_trunc('month', least(coalesce(c.established_on, fm.joined, c.created_at::date), fs.held)) AS start
  FROM cooperatives c
  LEFT JOIN (SELECT cooperative_id, min(joined_on) AS joined FROM cooperative_members GROUP BY cooperative_id) fm
    ON fm.cooperative_id = c.id
  LEFT JOIN (SELECT cooperative_id, min(held_on) AS held FROM coop_mentoring_sessions GROUP BY cooperative_id) fs
    ON fs.cooperative_id = c.id
  WHERE ${inRegion('c.village_code')}) co
CROSS JOIN ${LAST_COOP_MONTH} last
CROSS JOIN LATERAL generate_series(co.start, last.month, interval '1 month') g`,

  // Stored month-end health scores (written by the refresh first). Healthy: a score of 60 or more.
  cooperative_health: (inRegion) => `
SELECT c.village_code, h.month_end AS day, h.cooperative_id AS unit_id,
       h.score IS NOT NULL AS scored, coalesce(h.score >= 60, false) AS healthy,
       h.score::double precision AS score,
       CASE WHEN h.score IS NULL THEN NULL WHEN h.score < 20 THEN '0-19' WHEN h.score < 40 THEN '20-39'
            WHEN h.score < 60 THEN '40-59' WHEN h.score < 80 THEN '60-79' ELSE '80-100' END AS health_band
FROM coop_health_scores h JOIN cooperatives c ON c.id = h.cooperative_id
WHERE ${inRegion('c.village_code')}`,
};
