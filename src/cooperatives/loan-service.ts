/**
 * Member loans on the books: disbursement (schedule stored, receivable debited, cash credited), repayments
 * allocated penalty → interest → principal, penalty charges, write-off, and each loan's position on a date.
 * Interest and penalties are income when collected (cash basis, as most small cooperatives keep their books).
 */
import type { Kysely } from 'kysely';
import type { Tx } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { NotFoundError, say } from '../shared/errors.js';
import { parseCalendarDate } from './finance/due-dates.js';
import type { ExactRate } from './finance/exact-rate.js';
import { loanSchedule, type LoanMethod } from './finance/loan-schedule.js';
import { ACCOUNTS } from './ledger/chart.js';
import { conflict, credit, debit, refuse, type PostingLine } from './ledger/posting.js';
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
import {
  bankLoanRows,
  entryLineAmounts,
  insertCharge,
  insertInstallments,
  insertLoan,
  insertLoanEvent,
  installmentsOf,
  loanEventByKey,
  loanIdOfEntry,
  loanLineSums,
  loanOfBooks,
  loanVersion,
  markWrittenOff,
  setScheduleVersion,
  type LoanDirection,
  type LoanRow,
} from './storage/loan-repository.js';

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
      conflict(
        `idempotency key "${meta.idempotencyKey}" was already used for a different posting`,
        `kunci idempotensi "${meta.idempotencyKey}" sudah dipakai untuk posting lain`,
        'idempotency_conflict',
      );
    const loanId = await loanIdOfEntry(tx.db, books, prior.id);
    return { entryId: prior.id, idempotencyKey: meta.idempotencyKey, replayed: true, loanId };
  }
  await requireMember(tx, books, request.memberId);
  const schedule = loanSchedule({ ...request, start: parseCalendarDate(meta.date, 'date') });
  const loanId = await insertLoan(tx, books, {
    ...request,
    direction: 'member',
    lender: null,
    disbursedOn: meta.date,
  });
  await insertInstallments(tx, books, loanId, 0, schedule.installments);
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

async function requireLoan(db: Kysely<DB>, books: Books, loanId: number): Promise<LoanRow> {
  const loan = await loanOfBooks(db, books, loanId);
  if (!loan) throw new NotFoundError(say(`loan ${loanId} not found`, `pinjaman ${loanId} tidak ditemukan`));
  return loan;
}

/** The accounts a loan lives on: a member loan is the cooperative's receivable, a bank loan its liability. */
function loanAccounts(direction: LoanDirection) {
  return direction === 'member'
    ? { principal: ACCOUNTS.loans.code, interest: ACCOUNTS.interestIncome.code }
    : { principal: ACCOUNTS.bankLoan.code, interest: ACCOUNTS.interestExpense.code };
}

/** A loan's current schedule, what was paid (from the journal) and penalties charged. */
export async function loanFacts(db: Kysely<DB>, books: Books, loanId: number) {
  const loan = await loanVersion(db, books, loanId);
  const installments: ScheduledInstallment[] = await installmentsOf(db, books, loanId, loan.schedule_version);
  // Outstanding principal on the loan's normal side; interest paid is income (member) or expense (bank).
  const p = await loanLineSums(db, books, loanId, loan.direction, {
    ...loanAccounts(loan.direction),
    penalty: ACCOUNTS.penaltyIncome.code,
  });
  // Principal repaid = principal lent − what is still outstanding (so reversals and write-offs count correctly).
  const lent = installments.reduce((s, i) => s + i.principal, 0n);
  return {
    direction: loan.direction,
    schedule: installments,
    paid: { principal: lent - p.outstanding, interest: p.interest, penalty: p.penalty },
    charged: p.charged,
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
    const lines = await entryLineAmounts(tx.db, books, prior.id);
    const part = (code: string) =>
      lines.filter((l) => l.account_code === code).reduce((s, l) => s + l.credit + l.debit, 0n);
    return {
      entryId: prior.id,
      idempotencyKey: meta.idempotencyKey,
      replayed: true,
      allocation: {
        penalty: part(ACCOUNTS.penaltyIncome.code),
        interest: part(loanAccounts(loan.direction).interest),
        principal: part(loanAccounts(loan.direction).principal),
      },
    };
  }
  if (loan.written_off_on !== null)
    conflict(
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
  const lines: PostingLine[] = [];
  if (loan.direction === 'member') {
    lines.push(debit(ACCOUNTS.cash.code, amount));
    if (allocation.penalty > 0n) lines.push(credit(ACCOUNTS.penaltyIncome.code, allocation.penalty, ids));
    if (allocation.interest > 0n) lines.push(credit(ACCOUNTS.interestIncome.code, allocation.interest, ids));
    if (allocation.principal > 0n) lines.push(credit(ACCOUNTS.loans.code, allocation.principal, ids));
  } else {
    // The cooperative pays its bank: interest is an expense, principal lowers the liability, cash goes out.
    if (allocation.interest > 0n) lines.push(debit(ACCOUNTS.interestExpense.code, allocation.interest, ids));
    if (allocation.principal > 0n) lines.push(debit(ACCOUNTS.bankLoan.code, allocation.principal, ids));
    lines.push(credit(ACCOUNTS.cash.code, amount));
  }
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

/** Charges a late-payment penalty on a member loan (an explicit event; collected first by the next repayments). */
export async function chargePenalty(
  tx: Tx,
  cooperativeId: number,
  loanId: number,
  amount: bigint,
  meta: PostMeta & { reason: string },
): Promise<{ eventId: number; replayed: boolean }> {
  const books = await openBooks(tx, cooperativeId);
  await lockBooks(tx, [cooperativeId]);
  const loan = await requireLoan(tx.db, books, loanId);
  const details = { amount: String(amount), reason: meta.reason };
  const prior = await priorEvent(tx, books, meta.idempotencyKey, loanId, 'penalty', details);
  if (prior) return { eventId: prior, replayed: true };
  if (amount <= 0n)
    refuse(
      `a penalty must be positive, got Rp${amount}`,
      `denda harus positif, diberikan Rp${amount}`,
      'invalid_amount',
    );
  if (loan.direction !== 'member')
    refuse(
      `loan ${loanId} is the cooperative's bank loan: penalties are charged on member loans`,
      `pinjaman ${loanId} adalah pinjaman bank koperasi: denda hanya untuk pinjaman anggota`,
      'invalid_input',
    );
  if (loan.written_off_on !== null)
    conflict(`loan ${loanId} was written off`, `pinjaman ${loanId} telah dihapusbukukan`, 'written_off');
  await insertCharge(tx, books, loanId, meta.date, amount, meta.reason);
  return { eventId: await recordEvent(tx, books, loanId, 'penalty', details, null, meta), replayed: false };
}

/** An event already recorded under this key: its id when it is the same request, refused when it is another. */
async function priorEvent(
  tx: Tx,
  books: Books,
  key: string,
  loanId: number,
  kind: string,
  details: Record<string, unknown>,
): Promise<number | null> {
  const r = await loanEventByKey(tx.db, books, key);
  if (!r) return null;
  const same =
    r.loan_id === loanId &&
    r.kind === kind &&
    canonical((r.details as { request?: Record<string, unknown> }).request ?? {}) === canonical(details);
  if (!same)
    conflict(
      `idempotency key "${key}" was already used for a different request`,
      `kunci idempotensi "${key}" sudah dipakai untuk permintaan lain`,
      'idempotency_conflict',
    );
  return r.id;
}

/** A flat request as text with sorted keys (jsonb reorders keys). */
const canonical = (o: Record<string, unknown>) =>
  JSON.stringify(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

async function recordEvent(
  tx: Tx,
  books: Books,
  loanId: number,
  kind: 'restructure' | 'write_off' | 'penalty',
  request: Record<string, unknown>,
  entryId: number | null,
  meta: PostMeta,
  extra: Record<string, unknown> = {},
): Promise<number> {
  return insertLoanEvent(tx, books, {
    loanId,
    kind,
    date: meta.date,
    details: { request, ...extra },
    entryId,
    idempotencyKey: meta.idempotencyKey,
    recordedBy: meta.postedBy,
  });
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
  if (loan.direction !== 'member')
    refuse(
      `loan ${loanId} is the cooperative's bank loan: only member loans are written off`,
      `pinjaman ${loanId} adalah pinjaman bank koperasi: hanya pinjaman anggota yang dapat dihapusbukukan`,
      'invalid_input',
    );
  if (loan.written_off_on !== null)
    conflict(
      `loan ${loanId} was already written off`,
      `pinjaman ${loanId} sudah dihapusbukukan`,
      'written_off',
    );
  const position = await loanPositionOn(tx.db, books, loanId, meta.date);
  if (position.principal_outstanding <= 0n)
    conflict(
      `loan ${loanId} has nothing outstanding`,
      `pinjaman ${loanId} tidak memiliki sisa pokok`,
      'nothing_outstanding',
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
  await recordEvent(tx, books, loanId, 'write_off', {}, result!.entryId, meta, {
    principal_written_off: String(position.principal_outstanding),
    interest_due_forgone: String(position.interest_due),
    days_past_due: position.days_past_due,
  });
  await markWrittenOff(tx, books, loanId, meta.date);
  return result!;
}

export interface RestructureTerms {
  annualRate: ExactRate;
  months: number;
  method: LoanMethod;
  graceMonths: number;
}

/**
 * Restructures a loan (an explicit event, no journal entry: what is owed does not change). The new schedule keeps
 * what was paid as a first, settled installment on the restructuring date — plus any interest already due, which
 * stays due (it is not capitalised) — and spreads the outstanding principal over the new terms from that date.
 * The old schedule stays in the table under its version.
 */
export async function restructureLoan(
  tx: Tx,
  cooperativeId: number,
  loanId: number,
  terms: RestructureTerms,
  meta: PostMeta,
): Promise<{ eventId: number; replayed: boolean; scheduleVersion: number }> {
  const books = await openBooks(tx, cooperativeId);
  await lockBooks(tx, [cooperativeId]);
  const loan = await requireLoan(tx.db, books, loanId);
  const request = {
    annual_rate_percent: terms.annualRate.percent,
    months: terms.months,
    method: terms.method,
    grace_months: terms.graceMonths,
  };
  const prior = await priorEvent(tx, books, meta.idempotencyKey, loanId, 'restructure', request);
  if (prior) {
    const v = await loanVersion(tx.db, books, loanId);
    return { eventId: prior, replayed: true, scheduleVersion: v.schedule_version };
  }
  if (loan.written_off_on !== null)
    conflict(
      `loan ${loanId} was written off on ${loan.written_off_on}`,
      `pinjaman ${loanId} telah dihapusbukukan pada ${loan.written_off_on}`,
      'written_off',
    );
  const facts = await loanFacts(tx.db, books, loanId);
  const position = loanPosition(facts.schedule, facts.paid, facts.charged, meta.date);
  if (position.principal_outstanding <= 0n)
    conflict(
      `loan ${loanId} has nothing outstanding to restructure`,
      `pinjaman ${loanId} tidak memiliki sisa pokok untuk direstrukturisasi`,
      'nothing_outstanding',
    );
  const fresh = loanSchedule({
    principal: position.principal_outstanding,
    annualRate: terms.annualRate,
    months: terms.months,
    method: terms.method,
    graceMonths: terms.graceMonths,
    start: parseCalendarDate(meta.date, 'date'),
  });
  const settledInterest = facts.paid.interest + position.interest_due;
  const rows: ScheduledInstallment[] = [];
  if (facts.paid.principal > 0n || settledInterest > 0n)
    rows.push({ n: 0, due_date: meta.date, principal: facts.paid.principal, interest: settledInterest });
  for (const i of fresh.installments)
    rows.push({ n: i.n, due_date: i.due_date, principal: i.principal, interest: i.interest });
  const version = loan.schedule_version + 1;
  await insertInstallments(tx, books, loanId, version, rows);
  await setScheduleVersion(tx, books, loanId, version);
  const eventId = await recordEvent(tx, books, loanId, 'restructure', request, null, meta, {
    from_version: loan.schedule_version,
    to_version: version,
    principal_outstanding: String(position.principal_outstanding),
    interest_due_kept: String(position.interest_due),
    days_past_due_before: position.days_past_due,
  });
  return { eventId, replayed: false, scheduleVersion: version };
}

export interface BankLoanRequest {
  lender: string;
  principal: bigint;
  annualRate: ExactRate;
  months: number;
  method: LoanMethod;
  graceMonths: number;
}

/**
 * A loan to the cooperative itself (e.g. from a Himbara bank: up to Rp3 bn, 6 % a year, up to 72 months with grace
 * months), on the cooperative's books: cash up, bank loan liability (2200) up. Repaid with `repayLoan` (interest
 * due → expense 5100, principal → 2200, cash down).
 */
export async function receiveBankLoan(
  tx: Tx,
  cooperativeId: number,
  request: BankLoanRequest,
  meta: PostMeta,
): Promise<PostResult & { loanId: number }> {
  const books = await openBooks(tx, cooperativeId);
  await lockBooks(tx, [cooperativeId]);
  const lender = request.lender.trim();
  if (lender.length === 0 || lender.length > 200)
    refuse('lender must be 1–200 characters', 'lender harus 1–200 karakter', 'invalid_input');
  const hash = `bank_loan.receive|${lender}|${request.principal}|${request.annualRate.percent}|${request.months}|${request.method}|${request.graceMonths}|${meta.date}`;
  const prior = await findByKey(tx.db, books, meta.idempotencyKey);
  if (prior) {
    if (prior.request_hash !== hash)
      conflict(
        `idempotency key "${meta.idempotencyKey}" was already used for a different posting`,
        `kunci idempotensi "${meta.idempotencyKey}" sudah dipakai untuk posting lain`,
        'idempotency_conflict',
      );
    const loanId = await loanIdOfEntry(tx.db, books, prior.id);
    return { entryId: prior.id, idempotencyKey: meta.idempotencyKey, replayed: true, loanId };
  }
  const schedule = loanSchedule({ ...request, start: parseCalendarDate(meta.date, 'date') });
  const loanId = await insertLoan(tx, books, {
    ...request,
    memberId: null,
    direction: 'bank',
    lender,
    disbursedOn: meta.date,
  });
  await insertInstallments(tx, books, loanId, 0, schedule.installments);
  const [result] = await postEntries(
    tx,
    new Map([[cooperativeId, books]]),
    [
      {
        cooperativeId,
        date: meta.date,
        kind: 'bank_loan.receipt',
        period: null,
        memo: meta.memo ?? lender,
        idempotencyKey: meta.idempotencyKey,
        reversesId: null,
        lines: [
          debit(ACCOUNTS.cash.code, request.principal),
          credit(ACCOUNTS.bankLoan.code, request.principal, { loanId }),
        ],
        requestHash: hash,
      },
    ],
    meta.postedBy,
  );
  return { ...result!, loanId };
}

/** The cooperative's bank loans with their position on a date. */
export async function bankLoans(db: Kysely<DB>, books: Books, asOf: string) {
  const rows = await bankLoanRows(db, books, asOf);
  const out = [];
  for (const r of rows) {
    const f = await loanFacts(db, books, r.id);
    out.push({
      loan_id: r.id,
      lender: r.lender ?? '',
      principal: BigInt(r.principal),
      annual_rate_percent: r.rate_percent,
      months: r.months,
      grace_months: r.grace_months,
      method: r.method,
      received_on: r.disbursed_on,
      ...loanPosition(f.schedule, f.paid, 0n, asOf),
    });
  }
  return out;
}
