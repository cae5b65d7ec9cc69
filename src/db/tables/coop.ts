import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, DateText } from './core.js';

/**
 * Money columns are bigint in the database. The repositories read them as text (`::text`) and convert to BigInt,
 * and write them as decimal text, so rupiah never pass through a JS number; the select type here is only what the
 * driver would return without that cast.
 */
type Money = ColumnType<number, string, never>;

export interface CoopAccountsTable {
  province_code: string;
  cooperative_id: number;
  code: string;
  name: string;
  type: 'asset' | 'liability' | 'equity' | 'income' | 'expense';
}

export interface CoopSavingsConfigTable {
  province_code: string;
  cooperative_id: number;
  pokok_amount: ColumnType<number, string, string>;
  wajib_amount: ColumnType<number, string, string>;
  wajib_from: DateText;
  updated_at: CreatedAt;
}

export interface CoopJournalEntriesTable {
  province_code: string;
  id: Generated<number>;
  cooperative_id: number;
  entry_date: DateText;
  kind: string;
  period: string | null;
  memo: Generated<string>;
  idempotency_key: string;
  request_hash: string;
  reverses_id: number | null;
  posted_by: string;
  posted_at: CreatedAt;
}

export interface CoopJournalLinesTable {
  province_code: string;
  id: Generated<number>;
  entry_id: number;
  cooperative_id: number;
  account_code: string;
  member_id: number | null;
  loan_id: number | null;
  debit: Money;
  credit: Money;
}

export interface CoopLoansTable {
  province_code: string;
  id: Generated<number>;
  cooperative_id: number;
  member_id: number | null;
  direction: Generated<'member' | 'bank'>;
  lender: string | null;
  schedule_version: Generated<number>;
  principal: Money;
  rate_numerator: ColumnType<number, string, never>;
  rate_denominator: ColumnType<number, string, never>;
  rate_percent: string;
  months: number;
  grace_months: number;
  method: 'annuity' | 'equal-principal' | 'flat';
  disbursed_on: DateText;
  written_off_on: DateText | null;
  created_at: CreatedAt;
}

export interface CoopLoanInstallmentsTable {
  province_code: string;
  loan_id: number;
  version: Generated<number>;
  n: number;
  due_date: DateText;
  principal: Money;
  interest: Money;
}

export interface CoopLoanChargesTable {
  province_code: string;
  id: Generated<number>;
  loan_id: number;
  charged_on: DateText;
  amount: Money;
  reason: string;
}

export interface CoopMentoringSessionsTable {
  province_code: string;
  id: Generated<number>;
  cooperative_id: number;
  held_on: DateText;
  mentor: string;
  topic: string;
  attendees: Generated<string[]>;
  findings: Generated<string>;
  recorded_by: string;
  created_at: CreatedAt;
}

export interface CoopMentoringFollowupsTable {
  province_code: string;
  id: Generated<number>;
  session_id: number;
  action: string;
  due_on: DateText;
  closed_on: DateText | null;
  /** Migration 0650. */
  cooperative_id: number;
  closed_by: string | null;
  closing_note: string | null;
}

/** A member's history (migration 0650): append-only. */
export interface CoopMemberEventsTable {
  province_code: string;
  id: Generated<number>;
  cooperative_id: number;
  member_id: number;
  kind: 'joined' | 'left';
  event_date: DateText;
  entry_id: number | null;
  details: Generated<unknown>;
  recorded_by: string;
  recorded_at: CreatedAt;
}

/** When each book year's RAT was held (migration 0650). */
export interface CoopRatMeetingsTable {
  province_code: string;
  cooperative_id: number;
  book_year: number;
  held_on: DateText;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface CoopHealthScoresTable {
  province_code: string;
  cooperative_id: number;
  month_end: DateText;
  score: number | null;
  components: ColumnType<unknown, string, string>;
  computed_at: CreatedAt;
}

export interface CoopFoundingsTable {
  province_code: string;
  id: Generated<number>;
  village_code: string;
  name: string;
  status: Generated<'open' | 'registered'>;
  cooperative_id: number | null;
  created_by: string;
  created_at: CreatedAt;
}

export interface CoopFoundingStepsTable {
  province_code: string;
  founding_id: number;
  step: string;
  done_on: DateText;
  document: string;
  details: Generated<unknown>;
  recorded_by: string;
  recorded_at: CreatedAt;
}

/** Debit and credit totals per cooperative, account, member and loan (0 = none), kept by a trigger (0610). */
export interface CoopBalancesTable {
  province_code: string;
  cooperative_id: number;
  account_code: string;
  debit: Money;
  credit: Money;
  guard: number;
}

export interface CoopLoanEventsTable {
  province_code: string;
  id: Generated<number>;
  cooperative_id: number;
  loan_id: number;
  kind: 'restructure' | 'write_off' | 'penalty';
  event_date: DateText;
  details: Generated<unknown>;
  entry_id: number | null;
  idempotency_key: string;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface CoopTables {
  coop_loan_events: CoopLoanEventsTable;
  coop_balances: CoopBalancesTable;
  coop_accounts: CoopAccountsTable;
  coop_savings_config: CoopSavingsConfigTable;
  coop_journal_entries: CoopJournalEntriesTable;
  coop_journal_lines: CoopJournalLinesTable;
  coop_loans: CoopLoansTable;
  coop_loan_installments: CoopLoanInstallmentsTable;
  coop_loan_charges: CoopLoanChargesTable;
  coop_mentoring_sessions: CoopMentoringSessionsTable;
  coop_mentoring_followups: CoopMentoringFollowupsTable;
  coop_member_events: CoopMemberEventsTable;
  coop_rat_meetings: CoopRatMeetingsTable;
  coop_health_scores: CoopHealthScoresTable;
  coop_foundings: CoopFoundingsTable;
  coop_founding_steps: CoopFoundingStepsTable;
}
