/**
 * Loan repayment schedules in whole rupiah (BigInt end to end), after the loan products of Apache Fineract:
 *
 * - `annuity`: equal monthly payments A = P·r·(1+r)^k / ((1+r)^k − 1), computed exactly and rounded half up;
 *   each month's interest is the outstanding balance × r, the rest of A repays principal.
 * - `equal-principal` (declining balance): the principal is split into k equal whole-rupiah parts (the first
 *   P mod k parts one rupiah larger), interest on the outstanding balance, so payments fall over time.
 * - `flat`: the same principal split, interest every month on the original principal.
 *
 * r = annual rate / 12 exactly; k = months − grace months. Grace months come first, count within the term and
 * are interest-only. Every month's interest is rounded half up to a whole rupiah; the last installment repays
 * whatever balance is left, so the principal parts sum to P and the final balance is exactly 0. No amount is
 * ever negative: a principal part never exceeds the balance. Rules and formulas: docs/FINANCE.md.
 */
import { say, UserError } from '../../shared/errors.js';
import { addMonths, formatCalendarDate, type CalendarDate } from './due-dates.js';
import type { ExactRate } from './exact-rate.js';
import { divideRoundHalfUp } from './rounding.js';

export const LOAN_METHODS = ['annuity', 'equal-principal', 'flat'] as const;
export type LoanMethod = (typeof LOAN_METHODS)[number];

export const MAX_LOAN_MONTHS = 600;
/** Rp1 quadrillion: far above any cooperative or bank loan, and totals stay exact in JSON numbers. */
export const MAX_PRINCIPAL = 10n ** 15n;

export interface LoanTerms {
  principal: bigint;
  annualRate: ExactRate;
  months: number;
  method: LoanMethod;
  graceMonths: number;
  /** Disbursement date; installment n is due n months later. */
  start: CalendarDate;
}

export interface Installment {
  n: number;
  due_date: string;
  principal: bigint;
  interest: bigint;
  payment: bigint;
  /** Outstanding principal after this installment. */
  balance: bigint;
}

export interface LoanSchedule {
  installments: Installment[];
  total_interest: bigint;
  total_payment: bigint;
}

export function checkLoanTerms(terms: LoanTerms): void {
  const { principal, months, graceMonths, method } = terms;
  if (principal < 1n || principal > MAX_PRINCIPAL)
    invalid(
      '--principal',
      String(principal),
      `a whole rupiah amount from 1 to ${MAX_PRINCIPAL}`,
      `jumlah rupiah bulat dari 1 sampai ${MAX_PRINCIPAL}`,
    );
  if (!Number.isInteger(months) || months < 1 || months > MAX_LOAN_MONTHS)
    invalid(
      '--months',
      String(months),
      `a whole number from 1 to ${MAX_LOAN_MONTHS}`,
      `bilangan bulat 1 sampai ${MAX_LOAN_MONTHS}`,
    );
  if (!Number.isInteger(graceMonths) || graceMonths < 0 || graceMonths >= months)
    invalid(
      '--grace-months',
      String(graceMonths),
      `a whole number from 0 to months − 1 (${months - 1})`,
      `bilangan bulat 0 sampai jumlah bulan − 1 (${months - 1})`,
    );
  if (!(LOAN_METHODS as readonly string[]).includes(method))
    invalid(
      '--method',
      method,
      `one of ${LOAN_METHODS.join(', ')}`,
      `salah satu dari ${LOAN_METHODS.join(', ')}`,
    );
}

export function loanSchedule(terms: LoanTerms): LoanSchedule {
  checkLoanTerms(terms);
  const { principal, months, graceMonths, method } = terms;
  // Monthly rate r = numerator / denominator exactly.
  const numerator = terms.annualRate.numerator;
  const denominator = terms.annualRate.denominator * 12n;
  const interestOn = (amount: bigint) => divideRoundHalfUp(amount * numerator, denominator);
  const amortizing = months - graceMonths;
  const parts = principalParts(principal, amortizing);
  const annuity = method === 'annuity' ? annuityPayment(principal, numerator, denominator, amortizing) : 0n;

  const installments: Installment[] = [];
  let balance = principal;
  for (let n = 1; n <= months; n++) {
    const interest = method === 'flat' ? interestOn(principal) : interestOn(balance);
    let repaid = 0n;
    if (n === months) repaid = balance;
    else if (n > graceMonths) {
      const wanted = method === 'annuity' ? annuity - interest : parts(n - graceMonths);
      repaid = wanted < 0n ? 0n : wanted > balance ? balance : wanted;
    }
    balance -= repaid;
    installments.push({
      n,
      due_date: formatCalendarDate(addMonths(terms.start, n)),
      principal: repaid,
      interest,
      payment: repaid + interest,
      balance,
    });
  }
  let totalInterest = 0n;
  for (const i of installments) totalInterest += i.interest;
  return { installments, total_interest: totalInterest, total_payment: principal + totalInterest };
}

/**
 * A = P·r·(1+r)^k / ((1+r)^k − 1) with r = N/D, as one exact fraction P·N·(D+N)^k / (D·((D+N)^k − D^k)),
 * rounded half up; with r = 0 it is P/k.
 */
export function annuityPayment(principal: bigint, numerator: bigint, denominator: bigint, k: number): bigint {
  if (numerator === 0n) return divideRoundHalfUp(principal, BigInt(k));
  const growth = (denominator + numerator) ** BigInt(k);
  const base = denominator ** BigInt(k);
  return divideRoundHalfUp(principal * numerator * growth, denominator * (growth - base));
}

/** Part j (1-based) of P split into k whole-rupiah parts differing by at most 1, larger parts first. */
function principalParts(principal: bigint, k: number): (j: number) => bigint {
  const size = BigInt(k);
  const base = principal / size;
  const larger = Number(principal % size);
  return (j) => (j <= larger ? base + 1n : base);
}

function invalid(option: string, value: string, en: string, id: string): never {
  throw new UserError(
    say(`${option} must be ${en} (got ${value})`, `${option} harus ${id} (diberikan ${value})`),
    'invalid_option',
  );
}
