/**
 * Member loans on the books: disbursement (schedule stored, receivable debited, cash credited), repayments
 * allocated penalty → interest → principal, penalty charges, write-off, and each loan's position on a date.
 * Interest and penalties are income when collected (cash basis, as most small cooperatives keep their books).
 */
import { sql, type Kysely } from 'kysely';
import type { Tx } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { NotFoundError, say } from '../shared/errors.js';
import { parseCalendarDate } from './finance/due-dates.js';
import type { ExactRate } from './finance/exact-rate.js';
import { loanSchedule, type LoanMethod } from './finance/loan-schedule.js';
import { ACCOUNTS } from './ledger/chart.js';
import { credit, debit, refuse, type PostingLine } from './ledger/posting.js';
import { allocateRepayment, type Allocation } from './loans/repayment-allocation.js';
import { loanPosition, type LoanPosition, type ScheduledInstallment } from './loans/loan-position.js';
import { requireMember, type PostMeta } from './savings-service.js';
import {
  findByKey,
  lockBooks,
  openBooks,
  postEntries,
  type Books,
  type PostResult,
} from './storage/ledger-repository.js';

export interface LoanRequest {
  memberId: number;
  principal: bigint;
  annualRate: ExactRate;
  months: number;
  method: LoanMethod;
  graceMonths: number;
}

export async function disburseLoan(
  tx: Tx,
  cooperativeId: number,
  request: LoanRequest,
  meta: PostMeta,
): Promise<PostResult & { loanId: number }> {
  const books = await openBooks(tx, cooperativeId);
  await lockBooks(tx, [cooperativeId]);
  const hash = `loan.disburse|${request.memberId}|${request.principal}|${request.annualRate.percent}|${request.months}|${request.method}|${request.graceMonths}|${meta.date}`;
  const prior = await findByKey(tx.db, books, meta.idempotencyKey);
  if (prior) {
    if (prior.request_hash !== hash)
      refuse(
        `idempotency key "${meta.idempotencyKey}" was already used for a different posting`,
        `kunci idempotensi "${meta.idempotencyKey}" sudah dipakai untuk posting lain`,
        'idempotency_conflict',
      );
    const line = await tx.db
      .selectFrom('coop_journal_lines')
      .select('loan_id')
      .where('province_code', '=', books.provinceCode)
      .where('entry_id', '=', prior.id)
      .where('loan_id', 'is not', null)
      .executeTakeFirstOrThrow();
    return { entryId: prior.id, idempotencyKey: meta.idempotencyKey, replayed: true, loanId: line.loan_id! };
  }
  await requireMember(tx, books, request.memberId);
  const schedule = loanSchedule({ ...request, start: parseCalendarDate(meta.date, 'date') });
  const loan = await sql<{ id: number }>`
    INSERT INTO coop_loans (province_code, cooperative_id, member_id, principal, rate_numerator, rate_denominator, rate_percent, months, grace_months, method, disbursed_on)
    VALUES (${books.provinceCode}, ${cooperativeId}, ${request.memberId}, ${String(request.principal)}::bigint, ${String(request.annualRate.numerator)}::bigint,
            ${String(request.annualRate.denominator)}::bigint, ${request.annualRate.percent}, ${request.months}, ${request.graceMonths}, ${request.method}, ${meta.date}::date)
    RETURNING id`.execute(tx.db);
  const loanId = loan.rows[0]!.id;
  const inst = schedule.installments;
  await sql`
    INSERT INTO coop_loan_installments (province_code, loan_id, n, due_date, principal, interest)
    SELECT ${books.provinceCode}, ${loanId}, n, d::date, p::bigint, i::bigint
      FROM unnest(${inst.map((i) => i.n)}::int[], ${inst.map((i) => i.due_date)}::text[], ${inst.map((i) => String(i.principal))}::text[], ${inst.map((i) => String(i.interest))}::text[]) AS t(n, d, p, i)`.execute(
    tx.db,
  );
  const ids = { memberId: request.memberId, loanId };
  const [result] = await postEntries(
    tx,
    new Map([[cooperativeId, books]]),
    [
      {
        cooperativeId,
        date: meta.date,
        kind: 'loan.disbursement',
        period: null,
        memo: meta.memo ?? '',
        idempotencyKey: meta.idempotencyKey,
        reversesId: null,
        lines: [
          debit(ACCOUNTS.loans.code, request.principal, ids),
          credit(ACCOUNTS.cash.code, request.principal),
        ],
        requestHash: hash,
      },
    ],
    meta.postedBy,
  );
  return { ...result!, loanId };
}

interface LoanRow {
  id: number;
  member_id: number;
  cooperative_id: number;
  written_off_on: string | null;
}

async function requireLoan(db: Kysely<DB>, books: Books, loanId: number): Promise<LoanRow> {
  const loan = await db
    .selectFrom('coop_loans')
    .select(['id', 'member_id', 'cooperative_id', 'written_off_on'])
    .where('province_code', '=', books.provinceCode)
    .where('cooperative_id', '=', books.cooperativeId)
    .where('id', '=', loanId)
    .executeTakeFirst();
  if (!loan) throw new NotFoundError(say(`loan ${loanId} not found`, `pinjaman ${loanId} tidak ditemukan`));
  return loan;
}

/** A loan's schedule, what was paid (from the journal) and penalties charged. */
export async function loanFacts(db: Kysely<DB>, books: Books, loanId: number) {
  const schedule = await sql<{ n: number; due_date: string; principal: string; interest: string }>`
    SELECT n, due_date, principal::text, interest::text FROM coop_loan_installments
     WHERE province_code = ${books.provinceCode} AND loan_id = ${loanId} ORDER BY n`.execute(db);
  const paid = await sql<{ receivable: string; interest: string; penalty: string; charged: string }>`
    SELECT coalesce(sum(debit - credit) FILTER (WHERE account_code = ${ACCOUNTS.loans.code}), 0)::text AS receivable,
           coalesce(sum(credit - debit) FILTER (WHERE account_code = ${ACCOUNTS.interestIncome.code}), 0)::text AS interest,
           coalesce(sum(credit - debit) FILTER (WHERE account_code = ${ACCOUNTS.penaltyIncome.code}), 0)::text AS penalty,
           (SELECT coalesce(sum(amount), 0)::text FROM coop_loan_charges c WHERE c.province_code = ${books.provinceCode} AND c.loan_id = ${loanId}) AS charged
      FROM coop_journal_lines WHERE province_code = ${books.provinceCode} AND loan_id = ${loanId}`.execute(
    db,
  );
  const p = paid.rows[0]!;
  const installments = schedule.rows.map((r): ScheduledInstallment => ({
    n: r.n,
    due_date: r.due_date,
    principal: BigInt(r.principal),
    interest: BigInt(r.interest),
  }));
  // Principal repaid = principal lent − what is still receivable (so reversals and write-offs count correctly).
  const lent = installments.reduce((s, i) => s + i.principal, 0n);
  return {
    schedule: installments,
    paid: {
      principal: lent - BigInt(p.receivable),
      interest: BigInt(p.interest),
      penalty: BigInt(p.penalty),
    },
    charged: BigInt(p.charged),
  };
}

export async function loanPositionOn(
  db: Kysely<DB>,
  books: Books,
  loanId: number,
  asOf: string,
): Promise<LoanPosition> {
  const f = await loanFacts(db, books, loanId);
  return loanPosition(f.schedule, f.paid, f.charged, asOf);
}

export async function repayLoan(
  tx: Tx,
  cooperativeId: number,
  loanId: number,
  amount: bigint,
  meta: PostMeta,
): Promise<PostResult & { allocation: Allocation }> {
  const books = await openBooks(tx, cooperativeId);
  await lockBooks(tx, [cooperativeId]);
  const loan = await requireLoan(tx.db, books, loanId);
  const hash = `loan.repayment|${loanId}|${amount}|${meta.date}`;
  const prior = await findByKey(tx.db, books, meta.idempotencyKey);
  if (prior && prior.request_hash === hash) {
    const lines = await sql<{ account_code: string; credit: string }>`
      SELECT account_code, credit::text FROM coop_journal_lines WHERE province_code = ${books.provinceCode} AND entry_id = ${prior.id}`.execute(
      tx.db,
    );
    const part = (code: string) =>
      lines.rows.filter((l) => l.account_code === code).reduce((s, l) => s + BigInt(l.credit), 0n);
    return {
      entryId: prior.id,
      idempotencyKey: meta.idempotencyKey,
      replayed: true,
      allocation: {
        penalty: part(ACCOUNTS.penaltyIncome.code),
        interest: part(ACCOUNTS.interestIncome.code),
        principal: part(ACCOUNTS.loans.code),
      },
    };
  }
  if (loan.written_off_on !== null)
    refuse(
      `loan ${loanId} was written off on ${loan.written_off_on}`,
      `pinjaman ${loanId} telah dihapusbukukan pada ${loan.written_off_on}`,
      'written_off',
    );
  const position = await loanPositionOn(tx.db, books, loanId, meta.date);
  const allocation = allocateRepayment(amount, {
    penalty: position.penalty_due,
    interestDue: position.interest_due,
    principalDue: position.principal_due,
    principalOutstanding: position.principal_outstanding,
  });
  const ids = { memberId: loan.member_id, loanId };
  const lines: PostingLine[] = [debit(ACCOUNTS.cash.code, amount)];
  if (allocation.penalty > 0n) lines.push(credit(ACCOUNTS.penaltyIncome.code, allocation.penalty, ids));
  if (allocation.interest > 0n) lines.push(credit(ACCOUNTS.interestIncome.code, allocation.interest, ids));
  if (allocation.principal > 0n) lines.push(credit(ACCOUNTS.loans.code, allocation.principal, ids));
  const [result] = await postEntries(
    tx,
    new Map([[cooperativeId, books]]),
    [
      {
        cooperativeId,
        date: meta.date,
        kind: 'loan.repayment',
        period: null,
        memo: meta.memo ?? '',
        idempotencyKey: meta.idempotencyKey,
        reversesId: null,
        lines,
        requestHash: hash,
      },
    ],
    meta.postedBy,
  );
  return { ...result!, allocation };
}

/** Charges a late-payment penalty on a loan (an explicit event; collected first by the next repayments). */
export async function chargePenalty(
  tx: Tx,
  cooperativeId: number,
  loanId: number,
  amount: bigint,
  date: string,
  reason: string,
): Promise<void> {
  const books = await openBooks(tx, cooperativeId);
  const loan = await requireLoan(tx.db, books, loanId);
  if (amount <= 0n)
    refuse(
      `a penalty must be positive, got Rp${amount}`,
      `denda harus positif, diberikan Rp${amount}`,
      'invalid_amount',
    );
  if (loan.written_off_on !== null)
    refuse(`loan ${loanId} was written off`, `pinjaman ${loanId} telah dihapusbukukan`, 'written_off');
  await sql`INSERT INTO coop_loan_charges (province_code, loan_id, charged_on, amount, reason)
            VALUES (${books.provinceCode}, ${loanId}, ${date}::date, ${String(amount)}::bigint, ${reason})`.execute(
    tx.db,
  );
}

/** Writes off what is left of a loan's principal (an expense) and marks the loan written off. */
export async function writeOffLoan(
  tx: Tx,
  cooperativeId: number,
  loanId: number,
  meta: PostMeta,
): Promise<PostResult> {
  const books = await openBooks(tx, cooperativeId);
  await lockBooks(tx, [cooperativeId]);
  const loan = await requireLoan(tx.db, books, loanId);
  const prior = await findByKey(tx.db, books, meta.idempotencyKey);
  const hash = `loan.write_off|${loanId}`;
  if (prior && prior.request_hash === hash)
    return { entryId: prior.id, idempotencyKey: meta.idempotencyKey, replayed: true };
  if (loan.written_off_on !== null)
    refuse(
      `loan ${loanId} was already written off`,
      `pinjaman ${loanId} sudah dihapusbukukan`,
      'written_off',
    );
  const position = await loanPositionOn(tx.db, books, loanId, meta.date);
  if (position.principal_outstanding <= 0n)
    refuse(
      `loan ${loanId} has nothing outstanding`,
      `pinjaman ${loanId} tidak memiliki sisa pokok`,
      'invalid_input',
    );
  const ids = { memberId: loan.member_id, loanId };
  const [result] = await postEntries(
    tx,
    new Map([[cooperativeId, books]]),
    [
      {
        cooperativeId,
        date: meta.date,
        kind: 'loan.write_off',
        period: null,
        memo: meta.memo ?? '',
        idempotencyKey: meta.idempotencyKey,
        reversesId: null,
        lines: [
          debit(ACCOUNTS.writeOffExpense.code, position.principal_outstanding, ids),
          credit(ACCOUNTS.loans.code, position.principal_outstanding, ids),
        ],
        requestHash: hash,
      },
    ],
    meta.postedBy,
  );
  await tx.db
    .updateTable('coop_loans')
    .set({ written_off_on: meta.date })
    .where('province_code', '=', books.provinceCode)
    .where('id', '=', loanId)
    .execute();
  return result!;
}
