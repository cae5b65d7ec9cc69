import type { Migration } from '../migration.js';

/**
 * Running balances of the cooperative journal (issue #16, docs/FINANCE.md "Running balances").
 *
 * Measured before this migration (EXPLAIN ANALYZE, bench:ledger): the non-negative check summed every earlier
 * line of each guarded balance on every posting (`IS NOT DISTINCT FROM` on member and loan cannot use an index,
 * so the cash balance of a cooperative was a scan of all its cash lines), making posting O(history).
 *
 * - `coop_balances` holds debit and credit totals per cooperative, account, member and loan (0 = none). A statement
 *   trigger on `coop_journal_lines` adds each statement's lines to it in the same transaction, so it is always the
 *   sum of the journal (tested against the journal after random sequences of postings). Balance checks read one row
 *   by primary key instead of summing the history.
 * - Guarded balances (cash, member savings per product, loan receivable, bank loan) are guarded by the same trigger:
 *   the balance on the account's normal side never ends a statement below zero — a backstop behind the check in
 *   code, which refuses with a clear reason before anything is written.
 * - Per-row checks measured as a large share of a batch become set-based: the foreign keys of lines (to entries and
 *   accounts, one RI trigger call per line) are replaced by one query per statement (entries exist and belong to
 *   this transaction) and by the key of coop_balances to coop_accounts (once per new balance row); the index on
 *   lines by account, used only for the old sums, is dropped.
 */
export const coopBalancesMigration: Migration = {
  name: '0610-coop-balances',
  up: (tx) =>
    tx.exec(`
-- +1: debit-normal balance that must stay >= 0; -1: credit-normal balance that must stay >= 0; 0: unguarded.
-- Mirrors NON_NEGATIVE and the account types in src/cooperatives/ledger/chart.ts (a test compares them).
CREATE FUNCTION entas_coop_guard(code text) RETURNS smallint LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN code IN ('1100', '1300') THEN 1::smallint
    WHEN code IN ('2100', '2200', '3100', '3200') THEN -1::smallint
    ELSE 0::smallint
  END
$$;

CREATE TABLE coop_balances (
  province_code   char(2) NOT NULL,
  cooperative_id  bigint NOT NULL,
  account_code    text NOT NULL,
  member_id       bigint NOT NULL DEFAULT 0,     -- 0: not a member's balance
  loan_id         bigint NOT NULL DEFAULT 0,     -- 0: not a loan's balance
  debit           bigint NOT NULL DEFAULT 0,
  credit          bigint NOT NULL DEFAULT 0,
  guard           smallint NOT NULL DEFAULT 0,
  PRIMARY KEY (province_code, cooperative_id, account_code, member_id, loan_id),
  -- Every line's account exists: checked once per balance row instead of once per line.
  FOREIGN KEY (province_code, cooperative_id, account_code) REFERENCES coop_accounts (province_code, cooperative_id, code)
);

INSERT INTO coop_balances (province_code, cooperative_id, account_code, member_id, loan_id, debit, credit, guard)
SELECT province_code, cooperative_id, account_code, coalesce(member_id, 0), coalesce(loan_id, 0),
       sum(debit), sum(credit), entas_coop_guard(account_code)
  FROM coop_journal_lines GROUP BY 1, 2, 3, 4, 5;

-- One upsert per statement of lines; the guard judges each balance after the statement (debit-normal guarded
-- balances need debit >= credit, credit-normal ones credit >= debit) and refuses the statement otherwise.
CREATE FUNCTION entas_coop_lines_to_balances() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  WITH up AS (
    INSERT INTO coop_balances AS b (province_code, cooperative_id, account_code, member_id, loan_id, debit, credit, guard)
    SELECT province_code, cooperative_id, account_code, coalesce(member_id, 0), coalesce(loan_id, 0),
           sum(debit), sum(credit), entas_coop_guard(account_code)
      FROM new_lines GROUP BY 1, 2, 3, 4, 5
      ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (province_code, cooperative_id, account_code, member_id, loan_id)
      DO UPDATE SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit
    RETURNING b.cooperative_id, b.account_code, b.member_id, b.loan_id, b.debit, b.credit, b.guard)
  SELECT * INTO bad FROM up WHERE guard * (debit - credit) < 0 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'balance of account % (cooperative %, member %, loan %) would become negative',
      bad.account_code, bad.cooperative_id, bad.member_id, bad.loan_id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER coop_journal_lines_balances AFTER INSERT ON coop_journal_lines
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION entas_coop_lines_to_balances();

-- Replaced by set-based checks: lines → accounts through coop_balances above, lines → entries below.
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint
            WHERE conrelid = 'coop_journal_lines'::regclass AND contype = 'f' LOOP
    EXECUTE format('ALTER TABLE coop_journal_lines DROP CONSTRAINT %I', c.conname);
  END LOOP;
END;
$$;
-- Balances are read from coop_balances; lines of one cooperative are reached through its entries.
DROP INDEX coop_journal_lines_account_idx;

CREATE OR REPLACE FUNCTION entas_coop_lines_keep_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  wanted bigint;
  found_ bigint;
  late bigint;
  mine text := (txid_current() % 4294967296)::text;
BEGIN
  -- Lines may only join existing entries created by this transaction: one set-based probe of the entries' key.
  SELECT count(*), count(e.id), min(e.id) FILTER (WHERE e.xmin::text <> mine) INTO wanted, found_, late
    FROM (SELECT DISTINCT province_code, entry_id FROM new_lines) n
    LEFT JOIN coop_journal_entries e ON e.province_code = n.province_code AND e.id = n.entry_id;
  IF found_ < wanted THEN
    RAISE EXCEPTION 'journal lines refer to an entry that does not exist' USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF late IS NOT NULL THEN
    RAISE EXCEPTION 'journal entry % is already posted: lines cannot be added', late
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER coop_balances_no_truncate BEFORE TRUNCATE ON coop_balances
  FOR EACH STATEMENT EXECUTE FUNCTION entas_refuse_audit_change();
`),
};
