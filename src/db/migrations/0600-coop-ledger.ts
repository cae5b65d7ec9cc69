import type { Migration } from '../migration.js';

/**
 * The cooperative books (issue #16, rules in docs/FINANCE.md): a chart of accounts per cooperative, an append-only
 * double-entry journal in integer rupiah (bigint), savings configuration, and member loans with their schedules.
 *
 * - Every key starts with the province code (two digits of the cooperative's village code), so the books can be
 *   partitioned or sharded by province without changing a key.
 * - A journal entry balances: a deferred constraint trigger checks at commit that each new entry has at least two
 *   lines and that its debits equal its credits; a statement trigger on the lines refuses lines added later to an
 *   entry that was already balanced (they would unbalance it).
 * - Entries and lines are append-only (UPDATE, DELETE, TRUNCATE refused); a correction is a reversal entry that
 *   points at the entry it reverses (at most one reversal per entry).
 * - `idempotency_key` is unique per cooperative: a retried request finds its entry instead of posting twice.
 */
export const coopLedgerMigration: Migration = {
  name: '0600-coop-ledger',
  up: (tx) =>
    tx.exec(`
CREATE TABLE coop_accounts (
  province_code   char(2) NOT NULL,
  cooperative_id  bigint NOT NULL REFERENCES cooperatives(id),
  code            text NOT NULL,
  name            text NOT NULL,
  type            text NOT NULL CHECK (type IN ('asset', 'liability', 'equity', 'income', 'expense')),
  PRIMARY KEY (province_code, cooperative_id, code)
);

CREATE TABLE coop_savings_config (
  province_code   char(2) NOT NULL,
  cooperative_id  bigint NOT NULL REFERENCES cooperatives(id),
  pokok_amount    bigint NOT NULL CHECK (pokok_amount > 0),
  wajib_amount    bigint NOT NULL CHECK (wajib_amount > 0),
  wajib_from      date NOT NULL,                 -- first month wajib is due
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (province_code, cooperative_id)
);

CREATE TABLE coop_journal_entries (
  province_code    char(2) NOT NULL,
  id               bigint GENERATED ALWAYS AS IDENTITY,
  cooperative_id   bigint NOT NULL REFERENCES cooperatives(id),
  entry_date       date NOT NULL,
  kind             text NOT NULL,                -- savings.pokok, savings.wajib, loan.repayment, reversal, …
  period           text,                         -- YYYY-MM for wajib
  memo             text NOT NULL DEFAULT '',
  idempotency_key  text NOT NULL,
  request_hash     text NOT NULL,                -- what was asked, so a reused key with other content is refused
  reverses_id      bigint,
  posted_by        text NOT NULL,
  posted_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (province_code, id),
  UNIQUE (province_code, cooperative_id, idempotency_key),
  FOREIGN KEY (province_code, reverses_id) REFERENCES coop_journal_entries (province_code, id)
);
CREATE UNIQUE INDEX coop_journal_entries_reverses_uq ON coop_journal_entries (province_code, reverses_id)
  WHERE reverses_id IS NOT NULL;
CREATE INDEX coop_journal_entries_coop_idx ON coop_journal_entries (province_code, cooperative_id, entry_date);

CREATE TABLE coop_loans (
  province_code    char(2) NOT NULL,
  id               bigint GENERATED ALWAYS AS IDENTITY,
  cooperative_id   bigint NOT NULL REFERENCES cooperatives(id),
  member_id        bigint NOT NULL REFERENCES cooperative_members(id),
  principal        bigint NOT NULL CHECK (principal > 0),
  rate_numerator   bigint NOT NULL CHECK (rate_numerator >= 0),
  rate_denominator bigint NOT NULL CHECK (rate_denominator > 0),
  rate_percent     text NOT NULL,
  months           integer NOT NULL CHECK (months > 0),
  grace_months     integer NOT NULL DEFAULT 0,
  method           text NOT NULL CHECK (method IN ('annuity', 'equal-principal', 'flat')),
  disbursed_on     date NOT NULL,
  written_off_on   date,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (province_code, id)
);
CREATE INDEX coop_loans_coop_idx ON coop_loans (province_code, cooperative_id);

CREATE TABLE coop_loan_installments (
  province_code  char(2) NOT NULL,
  loan_id        bigint NOT NULL,
  n              integer NOT NULL,
  due_date       date NOT NULL,
  principal      bigint NOT NULL CHECK (principal >= 0),
  interest       bigint NOT NULL CHECK (interest >= 0),
  PRIMARY KEY (province_code, loan_id, n),
  FOREIGN KEY (province_code, loan_id) REFERENCES coop_loans (province_code, id)
);

-- Penalties charged on a late loan (an explicit event); collected first by repayments.
CREATE TABLE coop_loan_charges (
  province_code  char(2) NOT NULL,
  id             bigint GENERATED ALWAYS AS IDENTITY,
  loan_id        bigint NOT NULL,
  charged_on     date NOT NULL,
  amount         bigint NOT NULL CHECK (amount > 0),
  reason         text NOT NULL,
  PRIMARY KEY (province_code, id),
  FOREIGN KEY (province_code, loan_id) REFERENCES coop_loans (province_code, id)
);

CREATE TABLE coop_journal_lines (
  province_code   char(2) NOT NULL,
  id              bigint GENERATED ALWAYS AS IDENTITY,
  entry_id        bigint NOT NULL,
  cooperative_id  bigint NOT NULL,
  account_code    text NOT NULL,
  member_id       bigint,
  loan_id         bigint,
  debit           bigint NOT NULL DEFAULT 0 CHECK (debit >= 0),
  credit          bigint NOT NULL DEFAULT 0 CHECK (credit >= 0),
  CHECK ((debit > 0) <> (credit > 0)),
  PRIMARY KEY (province_code, id),
  FOREIGN KEY (province_code, entry_id) REFERENCES coop_journal_entries (province_code, id),
  FOREIGN KEY (province_code, cooperative_id, account_code) REFERENCES coop_accounts (province_code, cooperative_id, code)
);
CREATE INDEX coop_journal_lines_entry_idx ON coop_journal_lines (province_code, entry_id);
CREATE INDEX coop_journal_lines_account_idx ON coop_journal_lines (province_code, cooperative_id, account_code, member_id);
CREATE INDEX coop_journal_lines_member_idx ON coop_journal_lines (member_id) WHERE member_id IS NOT NULL;
CREATE INDEX coop_journal_lines_loan_idx ON coop_journal_lines (province_code, loan_id) WHERE loan_id IS NOT NULL;

CREATE FUNCTION entas_coop_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n integer;
  d numeric;
  c numeric;
BEGIN
  SELECT count(*), coalesce(sum(debit), 0), coalesce(sum(credit), 0) INTO n, d, c
    FROM coop_journal_lines WHERE province_code = NEW.province_code AND entry_id = NEW.id;
  IF n < 2 OR d <> c THEN
    RAISE EXCEPTION 'journal entry % is not balanced: % lines, debits %, credits %', NEW.id, n, d, c
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER coop_journal_entries_balanced AFTER INSERT ON coop_journal_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION entas_coop_entry_balanced();

CREATE FUNCTION entas_coop_lines_keep_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad bigint;
BEGIN
  -- Entries these lines belong to that were created by an earlier transaction: adding lines to them is refused.
  SELECT e.id INTO bad
    FROM (SELECT DISTINCT province_code, entry_id FROM new_lines) l
    JOIN coop_journal_entries e ON e.province_code = l.province_code AND e.id = l.entry_id
   WHERE e.xmin::text <> (txid_current() % 4294967296)::text
   LIMIT 1;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'journal entry % is already posted: lines cannot be added', bad
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER coop_journal_lines_keep_balance AFTER INSERT ON coop_journal_lines
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION entas_coop_lines_keep_balance();

CREATE TRIGGER coop_journal_entries_append_only BEFORE UPDATE OR DELETE ON coop_journal_entries
  FOR EACH ROW EXECUTE FUNCTION entas_refuse_audit_change();
CREATE TRIGGER coop_journal_entries_no_truncate BEFORE TRUNCATE ON coop_journal_entries
  FOR EACH STATEMENT EXECUTE FUNCTION entas_refuse_audit_change();
CREATE TRIGGER coop_journal_lines_append_only BEFORE UPDATE OR DELETE ON coop_journal_lines
  FOR EACH ROW EXECUTE FUNCTION entas_refuse_audit_change();
CREATE TRIGGER coop_journal_lines_no_truncate BEFORE TRUNCATE ON coop_journal_lines
  FOR EACH STATEMENT EXECUTE FUNCTION entas_refuse_audit_change();

CREATE TABLE coop_mentoring_sessions (
  province_code   char(2) NOT NULL,
  id              bigint GENERATED ALWAYS AS IDENTITY,
  cooperative_id  bigint NOT NULL REFERENCES cooperatives(id),
  held_on         date NOT NULL,
  mentor          text NOT NULL,
  topic           text NOT NULL,
  attendees       text[] NOT NULL DEFAULT '{}',
  findings        text NOT NULL DEFAULT '',
  recorded_by     text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (province_code, id)
);
CREATE INDEX coop_mentoring_sessions_coop_idx ON coop_mentoring_sessions (province_code, cooperative_id, held_on);

CREATE TABLE coop_mentoring_followups (
  province_code  char(2) NOT NULL,
  id             bigint GENERATED ALWAYS AS IDENTITY,
  session_id     bigint NOT NULL,
  action         text NOT NULL,
  due_on         date NOT NULL,
  closed_on      date,
  PRIMARY KEY (province_code, id),
  FOREIGN KEY (province_code, session_id) REFERENCES coop_mentoring_sessions (province_code, id)
);
`),
};
