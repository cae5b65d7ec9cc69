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
 * - A member statement planned as a bitmap AND of the member index with the entry index on the province (188,000
 *   index entries read to return 14 lines at 100 cooperatives; it grows with the province's history). The member
 *   index becomes (province, cooperative, member): one index range per statement.
 */
export const coopPostingPathMigration: Migration = {
  name: '0650-coop-posting-path',
  up: (tx) =>
    tx.exec(`
DROP TRIGGER coop_journal_entries_balanced ON coop_journal_entries;
DROP FUNCTION entas_coop_entry_balanced();

CREATE FUNCTION entas_coop_entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  -- One probe of the lines' entry index per new entry, in one query.
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
  SELECT count(*), count(e.id), min(e.id) FILTER (WHERE e.xmin::text <> mine),
         min(n.entry_id) FILTER (WHERE n.n < 2 OR n.d <> n.c)
    INTO wanted, found_, late, unbalanced
    FROM (SELECT province_code, entry_id, count(*) AS n, sum(debit) AS d, sum(credit) AS c
            FROM new_lines GROUP BY province_code, entry_id) n
    LEFT JOIN coop_journal_entries e ON e.province_code = n.province_code AND e.id = n.entry_id;
  IF found_ < wanted THEN
    RAISE EXCEPTION 'journal lines refer to an entry that does not exist' USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF late IS NOT NULL THEN
    RAISE EXCEPTION 'journal entry % is already posted: lines cannot be added', late
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF unbalanced IS NOT NULL THEN
    RAISE EXCEPTION 'journal entry % is not balanced: the lines of one statement must balance per entry', unbalanced
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;

DROP INDEX coop_journal_lines_member_idx;
CREATE INDEX coop_journal_lines_member_idx ON coop_journal_lines (province_code, cooperative_id, member_id)
  WHERE member_id IS NOT NULL;
`),
};
