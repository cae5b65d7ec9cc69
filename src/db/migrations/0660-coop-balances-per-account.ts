import type { Migration } from '../migration.js';

/**
 * Running balances per cooperative and account (issue #16 "Scale and speed", docs/FINANCE.md "Posting at scale,
 * second round").
 *
 * Measured before (auto_explain of a 6,000-posting batch): the running-balance upsert of migration 0610 was the
 * largest single cost of a batch (390 of 1,268 ms), because it kept one row per cooperative, account, member and
 * loan — a month of wajib deposits rewrote one row per member, and interest income one row per loan, although only
 * balances that a posting lowers are ever checked.
 *
 * - `coop_balances` keeps one running total per cooperative and account (member_id and loan_id go): ≈ 12 rows per
 *   cooperative, a few hundred upserts per batch instead of one per member. Trial balances read it as before.
 * - The balance of one member's savings product, or of one loan, is the sum of its lines, read through the lines'
 *   member index (province, cooperative, member) or loan index (province, loan) — bounded by that member's or
 *   loan's own history — and only when a posting lowers it (a withdrawal, a repayment, an exit, a reversal).
 * - The database backstop stays: at the end of every statement of lines, every cooperative account total that is
 *   guarded, and every member or loan balance the statement lowers, must be ≥ 0 on its normal side. Before summing
 *   the lowered member and loan balances the trigger takes the cooperatives' posting lock (the advisory lock the
 *   repository takes, re-entrant), so a writer that skipped that lock waits for the other and then sums the
 *   journal as committed: two racing withdrawals still cannot both spend one balance.
 */
export const coopBalancesPerAccountMigration: Migration = {
  name: '0660-coop-balances-per-account',
  up: (tx) =>
    tx.exec(`
-- 'loan': guarded per loan; 'member': guarded per member; else the cooperative's account total.
-- Mirrors balanceOwner in src/cooperatives/ledger/chart.ts (a test compares them).
CREATE FUNCTION entas_coop_balance_owner(code text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN code IN ('1300', '2200') THEN 'loan'
    WHEN code IN ('2100', '3100', '3200') THEN 'member'
    ELSE 'cooperative'
  END
$$;

CREATE TEMP TABLE entas_0660_balances AS
  SELECT province_code, cooperative_id, account_code, sum(debit)::bigint AS debit, sum(credit)::bigint AS credit
    FROM coop_balances GROUP BY 1, 2, 3;
DELETE FROM coop_balances;
ALTER TABLE coop_balances DROP CONSTRAINT coop_balances_pkey;
ALTER TABLE coop_balances DROP COLUMN member_id, DROP COLUMN loan_id;
ALTER TABLE coop_balances ADD PRIMARY KEY (province_code, cooperative_id, account_code);
INSERT INTO coop_balances (province_code, cooperative_id, account_code, debit, credit, guard)
  SELECT province_code, cooperative_id, account_code, debit, credit, entas_coop_guard(account_code)
    FROM entas_0660_balances;
DROP TABLE entas_0660_balances;

CREATE OR REPLACE FUNCTION entas_coop_lines_to_balances() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
  lowering integer;
BEGIN
  -- Cooperatives whose member or loan balances this statement lowers: their posting lock first (re-entrant for the
  -- repository, which holds it already), so the sums below see any racing posting committed.
  PERFORM pg_advisory_xact_lock(727600, c::int)
     FROM (SELECT DISTINCT cooperative_id AS c FROM new_lines
            WHERE entas_coop_guard(account_code) * (debit - credit) < 0
              AND CASE entas_coop_balance_owner(account_code)
                    WHEN 'loan' THEN loan_id IS NOT NULL WHEN 'member' THEN member_id IS NOT NULL ELSE false END
            ORDER BY 1) t;
  GET DIAGNOSTICS lowering = ROW_COUNT;

  WITH up AS (
    INSERT INTO coop_balances AS b (province_code, cooperative_id, account_code, debit, credit, guard)
    SELECT province_code, cooperative_id, account_code, sum(debit), sum(credit), entas_coop_guard(account_code)
      FROM new_lines GROUP BY 1, 2, 3
      ORDER BY 1, 2, 3
    ON CONFLICT (province_code, cooperative_id, account_code)
      DO UPDATE SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit
    RETURNING b.cooperative_id, b.account_code, b.debit, b.credit, b.guard)
  SELECT * INTO bad FROM up WHERE guard * (debit - credit) < 0 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'balance of account % (cooperative %) would become negative', bad.account_code, bad.cooperative_id
      USING ERRCODE = 'check_violation';
  END IF;
  IF lowering = 0 THEN
    RETURN NULL;
  END IF;

  -- Each member or loan balance a line of the statement lowers: its sum after the statement (one index range each).
  SELECT w.c AS cooperative_id, w.a AS account_code, w.m AS member_id, w.l AS loan_id INTO bad
    FROM (SELECT DISTINCT province_code AS p, cooperative_id AS c, account_code AS a,
                 CASE WHEN entas_coop_balance_owner(account_code) = 'member' THEN member_id END AS m,
                 CASE WHEN entas_coop_balance_owner(account_code) = 'loan' THEN loan_id END AS l,
                 entas_coop_guard(account_code) AS g
            FROM new_lines
           WHERE entas_coop_guard(account_code) * (debit - credit) < 0
             AND CASE entas_coop_balance_owner(account_code)
                   WHEN 'loan' THEN loan_id IS NOT NULL WHEN 'member' THEN member_id IS NOT NULL ELSE false END) w
   WHERE w.g * CASE WHEN w.l IS NOT NULL THEN
           (SELECT coalesce(sum(x.debit - x.credit), 0) FROM coop_journal_lines x
             WHERE x.province_code = w.p AND x.loan_id = w.l AND x.cooperative_id = w.c AND x.account_code = w.a)
         ELSE
           (SELECT coalesce(sum(x.debit - x.credit), 0) FROM coop_journal_lines x
             WHERE x.province_code = w.p AND x.cooperative_id = w.c AND x.member_id = w.m AND x.account_code = w.a)
         END < 0
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'balance of account % (cooperative %, member %, loan %) would become negative',
      bad.account_code, bad.cooperative_id, coalesce(bad.member_id, 0), coalesce(bad.loan_id, 0)
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;
`),
};
