/**
 * Portfolio at risk: the outstanding principal of loans more than N days past due, over all outstanding principal
 * (the whole balance of a late loan counts, not only its late installments). Ratios are exact fractions, printed
 * as percent with 2 decimals rounded half up; 0 % for an empty portfolio.
 */
import { divideRoundHalfUp } from '../finance/rounding.js';

export interface LoanAtRisk {
  outstanding: bigint;
  days_past_due: number;
}

export interface ParFigure {
  days: number;
  amount: bigint;
  loans: number;
  /** amount / outstanding in percent, 2 decimals ("3.25"). */
  percent: string;
}

export function portfolioAtRisk(loans: readonly LoanAtRisk[], days: number): ParFigure {
  let total = 0n;
  let amount = 0n;
  let count = 0;
  for (const l of loans) {
    total += l.outstanding;
    if (l.days_past_due > days && l.outstanding > 0n) {
      amount += l.outstanding;
      count += 1;
    }
  }
  return { days, amount, loans: count, percent: percentText(amount, total) };
}

/** a / b as a percentage with two decimals, rounded half up. */
export function percentText(a: bigint, b: bigint): string {
  if (b === 0n) return '0.00';
  const hundredths = divideRoundHalfUp(a * 10_000n, b);
  const whole = hundredths / 100n;
  const frac = hundredths % 100n;
  return `${whole}.${String(frac).padStart(2, '0')}`;
}
