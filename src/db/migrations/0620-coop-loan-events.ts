import type { Migration } from '../migration.js';

/**
 * Loans beyond disbursement and repayment (issue #16, docs/FINANCE.md "Loan events and bank loans"):
 *
 * - Cooperative-level bank loans (e.g. a Himbara loan to the cooperative) live in `coop_loans` beside member loans:
 *   `direction` says who borrows ('member': the cooperative lends, receivable 1300; 'bank': the cooperative
 *   borrows, liability 2200), `member_id` is empty for a bank loan and `lender` names the bank.
 * - Restructuring gives a loan a new schedule without touching the journal (the principal owed is unchanged):
 *   installments carry the schedule `version` they belong to, and the loan points at its current one.
 * - Every restructuring, write-off and penalty is an explicit event in `coop_loan_events`, with the idempotency key
 *   of the request (unique per cooperative, like journal entries), who recorded it, and the journal entry it posted
 *   if any.
 */
export const coopLoanEventsMigration: Migration = {
  name: '0620-coop-loan-events',
  up: (tx) =>
    tx.exec(`
ALTER TABLE coop_loans
  ADD COLUMN direction text NOT NULL DEFAULT 'member' CHECK (direction IN ('member', 'bank')),
  ADD COLUMN lender text,
  ADD COLUMN schedule_version integer NOT NULL DEFAULT 0,
  ALTER COLUMN member_id DROP NOT NULL,
  ADD CONSTRAINT coop_loans_borrower CHECK (
    (direction = 'member' AND member_id IS NOT NULL AND lender IS NULL)
    OR (direction = 'bank' AND member_id IS NULL AND lender IS NOT NULL));

ALTER TABLE coop_loan_installments ADD COLUMN version integer NOT NULL DEFAULT 0;
ALTER TABLE coop_loan_installments DROP CONSTRAINT coop_loan_installments_pkey;
ALTER TABLE coop_loan_installments ADD PRIMARY KEY (province_code, loan_id, version, n);

CREATE TABLE coop_loan_events (
  province_code    char(2) NOT NULL,
  id               bigint GENERATED ALWAYS AS IDENTITY,
  cooperative_id   bigint NOT NULL REFERENCES cooperatives(id),
  loan_id          bigint NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('restructure', 'write_off', 'penalty')),
  event_date       date NOT NULL,
  details          jsonb NOT NULL DEFAULT '{}',
  entry_id         bigint,
  idempotency_key  text NOT NULL,
  recorded_by      text NOT NULL,
  recorded_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (province_code, id),
  UNIQUE (province_code, cooperative_id, idempotency_key),
  FOREIGN KEY (province_code, loan_id) REFERENCES coop_loans (province_code, id)
);
CREATE INDEX coop_loan_events_loan_idx ON coop_loan_events (province_code, loan_id);

-- Write-offs recorded before this migration become events too (their journal entry is kind loan.write_off).
INSERT INTO coop_loan_events (province_code, cooperative_id, loan_id, kind, event_date, entry_id, idempotency_key, recorded_by)
SELECT e.province_code, e.cooperative_id, l.loan_id, 'write_off', e.entry_date, e.id, e.idempotency_key, e.posted_by
  FROM coop_journal_entries e
  JOIN LATERAL (SELECT loan_id FROM coop_journal_lines x
                 WHERE x.province_code = e.province_code AND x.entry_id = e.id AND x.loan_id IS NOT NULL LIMIT 1) l ON true
 WHERE e.kind = 'loan.write_off';

CREATE TRIGGER coop_loan_events_append_only BEFORE UPDATE OR DELETE ON coop_loan_events
  FOR EACH ROW EXECUTE FUNCTION entas_refuse_audit_change();
`),
};
