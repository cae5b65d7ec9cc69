/**
 * All SQL of loans outside the journal's posting path: the loan and its schedule versions, penalties charged,
 * loan events (restructure, write-off, penalty) with their idempotency keys, and the sums of a loan's journal lines.
 * Money crosses this edge as decimal text ↔ BigInt.
 */
import { sql, type Kysely } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { ExactRate } from '../finance/exact-rate.js';
import type { LoanMethod } from '../finance/loan-schedule.js';
import type { ScheduledInstallment } from '../loans/loan-position.js';
import type { Books } from './ledger-repository.js';

export type LoanDirection = 'member' | 'bank';

export interface NewLoan {
  /** The borrowing member (a member loan), or null for the cooperative's own bank loan. */
  memberId: number | null;
  direction: LoanDirection;
  /** The bank that lends (bank loans only). */
  lender: string | null;
  principal: bigint;
  annualRate: ExactRate;
  months: number;
  graceMonths: number;
  method: LoanMethod;
  disbursedOn: string;
}

/** Inserts a loan; returns its id. */
export async function insertLoan(tx: Tx, books: Books, loan: NewLoan): Promise<number> {
  const row = await sql<{ id: number }>`
    INSERT INTO coop_loans (province_code, cooperative_id, member_id, direction, lender, principal, rate_numerator, rate_denominator, rate_percent, months, grace_months, method, disbursed_on)
    VALUES (${books.provinceCode}, ${books.cooperativeId}, ${loan.memberId}, ${loan.direction}, ${loan.lender}, ${String(loan.principal)}::bigint, ${String(loan.annualRate.numerator)}::bigint,
            ${String(loan.annualRate.denominator)}::bigint, ${loan.annualRate.percent}, ${loan.months}, ${loan.graceMonths}, ${loan.method}, ${loan.disbursedOn}::date)
    RETURNING id`.execute(tx.db);
  return row.rows[0]!.id;
}

/** Stores one version of a loan's schedule (the first is version 0). */
export async function insertInstallments(
  tx: Tx,
  books: Books,
  loanId: number,
  version: number,
  rows: readonly ScheduledInstallment[],
): Promise<void> {
  await sql`
    INSERT INTO coop_loan_installments (province_code, loan_id, version, n, due_date, principal, interest)
    SELECT ${books.provinceCode}, ${loanId}, ${version}, n, d::date, p::bigint, i::bigint
      FROM unnest(${rows.map((r) => r.n)}::int[], ${rows.map((r) => r.due_date)}::text[], ${rows.map((r) => String(r.principal))}::text[], ${rows.map((r) => String(r.interest))}::text[]) AS t(n, d, p, i)`.execute(
    tx.db,
  );
}

/** The loan an entry's lines name (the entry that disbursed or received it). */
export async function loanIdOfEntry(db: Kysely<DB>, books: Books, entryId: number): Promise<number> {
  const line = await db
    .selectFrom('coop_journal_lines')
    .select('loan_id')
    .where('province_code', '=', books.provinceCode)
    .where('entry_id', '=', entryId)
    .where('loan_id', 'is not', null)
    .executeTakeFirstOrThrow();
  return line.loan_id!;
}

export interface LoanRow {
  id: number;
  member_id: number | null;
  cooperative_id: number;
  written_off_on: string | null;
  direction: LoanDirection;
  schedule_version: number;
}

/** A loan of this cooperative, or undefined. */
export async function loanOfBooks(
  db: Kysely<DB>,
  books: Books,
  loanId: number,
): Promise<LoanRow | undefined> {
  return db
    .selectFrom('coop_loans')
    .select(['id', 'member_id', 'cooperative_id', 'written_off_on', 'direction', 'schedule_version'])
    .where('province_code', '=', books.provinceCode)
    .where('cooperative_id', '=', books.cooperativeId)
    .where('id', '=', loanId)
    .executeTakeFirst();
}

/** A loan's direction and current schedule version (the loan must exist). */
export async function loanVersion(db: Kysely<DB>, books: Books, loanId: number) {
  return db
    .selectFrom('coop_loans')
    .select(['direction', 'schedule_version'])
    .where('province_code', '=', books.provinceCode)
    .where('id', '=', loanId)
    .executeTakeFirstOrThrow();
}

/** The installments of one schedule version, in order. */
export async function installmentsOf(
  db: Kysely<DB>,
  books: Books,
  loanId: number,
  version: number,
): Promise<ScheduledInstallment[]> {
  const schedule = await sql<{ n: number; due_date: string; principal: string; interest: string }>`
    SELECT n, due_date, principal::text, interest::text FROM coop_loan_installments
     WHERE province_code = ${books.provinceCode} AND loan_id = ${loanId} AND version = ${version}
     ORDER BY n`.execute(db);
  return schedule.rows.map((r) => ({
    n: r.n,
    due_date: r.due_date,
    principal: BigInt(r.principal),
    interest: BigInt(r.interest),
  }));
}

/**
 * Sums of a loan's journal lines: principal outstanding on the loan's normal side, interest paid (income for a
 * member loan, expense for a bank loan), penalties collected, and penalties charged.
 */
export async function loanLineSums(
  db: Kysely<DB>,
  books: Books,
  loanId: number,
  direction: LoanDirection,
  accounts: { principal: string; interest: string; penalty: string },
): Promise<{ outstanding: bigint; interest: bigint; penalty: bigint; charged: bigint }> {
  const paid = await sql<{ outstanding: string; interest: string; penalty: string; charged: string }>`
    SELECT coalesce(sum(CASE WHEN ${direction} = 'member' THEN debit - credit ELSE credit - debit END)
                      FILTER (WHERE account_code = ${accounts.principal}), 0)::text AS outstanding,
           coalesce(sum(CASE WHEN ${direction} = 'member' THEN credit - debit ELSE debit - credit END)
                      FILTER (WHERE account_code = ${accounts.interest}), 0)::text AS interest,
           coalesce(sum(credit - debit) FILTER (WHERE account_code = ${accounts.penalty}), 0)::text AS penalty,
           (SELECT coalesce(sum(amount), 0)::text FROM coop_loan_charges c WHERE c.province_code = ${books.provinceCode} AND c.loan_id = ${loanId}) AS charged
      FROM coop_journal_lines WHERE province_code = ${books.provinceCode} AND loan_id = ${loanId}`.execute(
    db,
  );
  const p = paid.rows[0]!;
  return {
    outstanding: BigInt(p.outstanding),
    interest: BigInt(p.interest),
    penalty: BigInt(p.penalty),
    charged: BigInt(p.charged),
  };
}

/** The account and amounts of an entry's lines. */
export async function entryLineAmounts(
  db: Kysely<DB>,
  books: Books,
  entryId: number,
): Promise<{ account_code: string; credit: bigint; debit: bigint }[]> {
  const lines = await sql<{ account_code: string; credit: string; debit: string }>`
    SELECT account_code, credit::text, debit::text FROM coop_journal_lines WHERE province_code = ${books.provinceCode} AND entry_id = ${entryId}`.execute(
    db,
  );
  return lines.rows.map((l) => ({
    account_code: l.account_code,
    credit: BigInt(l.credit),
    debit: BigInt(l.debit),
  }));
}

export async function insertCharge(
  tx: Tx,
  books: Books,
  loanId: number,
  chargedOn: string,
  amount: bigint,
  reason: string,
): Promise<void> {
  await sql`INSERT INTO coop_loan_charges (province_code, loan_id, charged_on, amount, reason)
            VALUES (${books.provinceCode}, ${loanId}, ${chargedOn}::date, ${String(amount)}::bigint, ${reason})`.execute(
    tx.db,
  );
}

/** The loan event recorded under an idempotency key, or undefined. */
export async function loanEventByKey(db: Kysely<DB>, books: Books, key: string) {
  const row = await sql<{ id: number; loan_id: number; kind: string; details: unknown }>`
    SELECT id, loan_id, kind, details FROM coop_loan_events
     WHERE province_code = ${books.provinceCode} AND cooperative_id = ${books.cooperativeId} AND idempotency_key = ${key}`.execute(
    db,
  );
  return row.rows[0];
}

export interface NewLoanEvent {
  loanId: number;
  kind: 'restructure' | 'write_off' | 'penalty';
  date: string;
  details: Record<string, unknown>;
  entryId: number | null;
  idempotencyKey: string;
  recordedBy: string;
}

/** Records a loan event; returns its id. */
export async function insertLoanEvent(tx: Tx, books: Books, event: NewLoanEvent): Promise<number> {
  const row = await sql<{ id: number }>`
    INSERT INTO coop_loan_events (province_code, cooperative_id, loan_id, kind, event_date, details, entry_id, idempotency_key, recorded_by)
    VALUES (${books.provinceCode}, ${books.cooperativeId}, ${event.loanId}, ${event.kind}, ${event.date}::date,
            ${JSON.stringify(event.details)}::jsonb, ${event.entryId}, ${event.idempotencyKey}, ${event.recordedBy})
    RETURNING id`.execute(tx.db);
  return row.rows[0]!.id;
}

export async function markWrittenOff(tx: Tx, books: Books, loanId: number, date: string): Promise<void> {
  await tx.db
    .updateTable('coop_loans')
    .set({ written_off_on: date })
    .where('province_code', '=', books.provinceCode)
    .where('id', '=', loanId)
    .execute();
}

export async function setScheduleVersion(
  tx: Tx,
  books: Books,
  loanId: number,
  version: number,
): Promise<void> {
  await tx.db
    .updateTable('coop_loans')
    .set({ schedule_version: version })
    .where('province_code', '=', books.provinceCode)
    .where('id', '=', loanId)
    .execute();
}

/** The cooperative's bank loans received on or before a date, in id order. */
export async function bankLoanRows(db: Kysely<DB>, books: Books, asOf: string) {
  return db
    .selectFrom('coop_loans')
    .select(['id', 'lender', 'rate_percent', 'months', 'grace_months', 'method', 'disbursed_on'])
    .select(sql<string>`principal::text`.as('principal'))
    .where('province_code', '=', books.provinceCode)
    .where('cooperative_id', '=', books.cooperativeId)
    .where('direction', '=', 'bank')
    .where('disbursed_on', '<=', asOf)
    .orderBy('id')
    .execute();
}
