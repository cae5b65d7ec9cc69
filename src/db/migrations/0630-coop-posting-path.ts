import type { Migration } from '../migration.js';

/**
 * The posting path of the cooperative journal at scale (issue #16 "Scale and speed", docs/FINANCE.md "Posting at
 * scale"). Measured with EXPLAIN ANALYZE and per-statement timings on `npm run bench:ledger`:
 *
 * - The balance check of migration 0600 was a DEFERRED constraint trigger FOR EACH ROW of the entries: one query per
 *   entry at COMMIT (a batch of 4,000 postings spent 318 ms in COMMIT alone). It becomes one set-based check per
 *   statement: an entry and its lines are written by one statement (the repository writes both in one INSERT with a
 *   data-modifying CTE), and at the end of that statement every new entry must have at least two lines whose debits
 *   equal its credits. An entry inserted without its lines is refused at once instead of at commit.
 * - The lines' statement trigger also checks each statement's lines per entry (at least two, debits = credits), so
 *   balanced lines can still only join an entry of the same transaction and never unbalance it.
 * - Per-row foreign-key checks of the entries (to the cooperative, to the entry reversed: one RI trigger call per
 *   entry) become part of the same statement check: the entry reversed must exist in the same cooperative, and the
 *   entry's cooperative must exist. Deleting a cooperative with books stays impossible: its lines' balances hold a
 *   key to its chart of accounts (migration 0610), which holds one to the cooperative. The lines' check now also
 *   refuses a line whose cooperative differs from its entry's.
 * - The lines' primary key becomes (province, entry, id), which also serves every lookup of an entry's lines; the
 *   separate entry index goes (one index fewer per line written). The entries' index by (province, cooperative,
 *   date) goes too: a cooperative's entries are reached through the prefix of the idempotency key's unique index
 *   (a cooperative writes ~830 entries a year; reading them all for a dated statement costs less than maintaining
 *   a third index on every entry).
 * - `coop_balances` is rewritten by every posting (one running total per member and product): with room left on
 *   each page (fillfactor 50) those updates stay heap-only (HOT) instead of adding an index entry each time.
 * - A member statement planned as a bitmap AND of the member index with the entry index on the province (188,000
 *   index entries read to return 14 lines at 100 cooperatives; it grows with the province's history). The member
 *   index becomes (province, cooperative, member): one index range per statement.
 */
export const coopPostingPathMigration: Migration = {
  name: '0630-coop-posting-path',
  up: (tx) =>
    tx.exec(`
DROP TRIGGER coop_journal_entries_balanced ON coop_journal_entries;
DROP FUNCTION entas_coop_entry_balanced();

ALTER TABLE coop_journal_entries DROP CONSTRAINT coop_journal_entries_cooperative_id_fkey;
ALTER TABLE coop_journal_entries DROP CONSTRAINT coop_journal_entries_province_code_reverses_id_fkey;

CREATE FUNCTION entas_coop_entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  -- One probe of the lines' key per new entry, in one query.
  SELECT n.id, s.n, s.d, s.c INTO bad
    FROM new_entries n
    CROSS JOIN LATERAL (SELECT count(*) AS n, coalesce(sum(l.debit), 0) AS d, coalesce(sum(l.credit), 0) AS c
                          FROM coop_journal_lines l
                         WHERE l.province_code = n.province_code AND l.entry_id = n.id) s
   WHERE s.n < 2 OR s.d <> s.c
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'journal entry % is not balanced: % lines, debits %, credits % (an entry and its lines are written by one statement)',
      bad.id, bad.n, bad.d, bad.c USING ERRCODE = 'check_violation';
  END IF;
  SELECT n.id, n.reverses_id INTO bad
    FROM new_entries n
   WHERE n.reverses_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM coop_journal_entries r
                      WHERE r.province_code = n.province_code AND r.id = n.reverses_id AND r.cooperative_id = n.cooperative_id)
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'journal entry % reverses entry %, which is not an entry of its cooperative', bad.id, bad.reverses_id
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  SELECT c.cooperative_id INTO bad
    FROM (SELECT DISTINCT cooperative_id FROM new_entries) c
   WHERE NOT EXISTS (SELECT 1 FROM cooperatives x WHERE x.id = c.cooperative_id)
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'cooperative % does not exist', bad.cooperative_id USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER coop_journal_entries_balanced AFTER INSERT ON coop_journal_entries
  REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION entas_coop_entries_balanced();

CREATE OR REPLACE FUNCTION entas_coop_lines_keep_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  wanted bigint;
  found_ bigint;
  late bigint;
  unbalanced bigint;
  mine text := (txid_current() % 4294967296)::text;
BEGIN
  -- Lines may only join existing entries created by this transaction, and each statement's lines balance per
  -- entry: one set-based probe of the entries' key.
  SELECT count(*), count(e.id), min(n.entry_id) FILTER (WHERE e.mine IS FALSE OR n.coop <> n.coop_max OR e.coop <> n.coop),
         min(n.entry_id) FILTER (WHERE n.n < 2 OR n.d <> n.c)
    INTO wanted, found_, late, unbalanced
    FROM (SELECT province_code, entry_id, min(cooperative_id) AS coop, max(cooperative_id) AS coop_max,
                 count(*) AS n, sum(debit) AS d, sum(credit) AS c
            FROM new_lines GROUP BY province_code, entry_id) n
    -- LATERAL … LIMIT 1: one primary-key probe per entry however large the journal is.
    LEFT JOIN LATERAL (SELECT x.id, x.xmin::text = mine AS mine, x.cooperative_id AS coop
                         FROM coop_journal_entries x
                        WHERE x.province_code = n.province_code AND x.id = n.entry_id LIMIT 1) e ON true;
  IF found_ < wanted THEN
    RAISE EXCEPTION 'journal lines refer to an entry that does not exist' USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF late IS NOT NULL THEN
    RAISE EXCEPTION 'journal entry % is already posted or of another cooperative: lines cannot be added', late
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF unbalanced IS NOT NULL THEN
    RAISE EXCEPTION 'journal entry % is not balanced: the lines of one statement must balance per entry', unbalanced
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;

ALTER TABLE coop_journal_lines DROP CONSTRAINT coop_journal_lines_pkey;
ALTER TABLE coop_journal_lines ADD PRIMARY KEY (province_code, entry_id, id);
DROP INDEX coop_journal_lines_entry_idx;
DROP INDEX coop_journal_entries_coop_idx;

ALTER TABLE coop_balances SET (fillfactor = 50);

DROP INDEX coop_journal_lines_member_idx;
CREATE INDEX coop_journal_lines_member_idx ON coop_journal_lines (province_code, cooperative_id, member_id)
  WHERE member_id IS NOT NULL;
`),
};
