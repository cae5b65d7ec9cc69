/**
 * Where a loan stands on a date, from its schedule and what has been paid: principal and interest due and unpaid
 * (arrears), outstanding principal, and days past due — the days since the due date of the oldest installment not
 * fully paid, where payments are applied to installments in order (principal and interest counted separately).
 */
export interface ScheduledInstallment {
  n: number;
  due_date: string;
  principal: bigint;
  interest: bigint;
}

export interface LoanPosition {
  principal_outstanding: bigint;
  principal_due: bigint;
  interest_due: bigint;
  penalty_due: bigint;
  arrears: bigint;
  days_past_due: number;
  /** The due date of the oldest unpaid installment, or null when none is late. */
  oldest_unpaid_due: string | null;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function loanPosition(
  schedule: readonly ScheduledInstallment[],
  paid: { principal: bigint; interest: bigint; penalty: bigint },
  penaltyCharged: bigint,
  asOf: string,
): LoanPosition {
  let scheduledPrincipal = 0n;
  let duePrincipal = 0n;
  let dueInterest = 0n;
  let oldest: string | null = null;
  let cumPrincipal = 0n;
  let cumInterest = 0n;
  for (const i of schedule) {
    scheduledPrincipal += i.principal;
    cumPrincipal += i.principal;
    cumInterest += i.interest;
    if (i.due_date <= asOf) {
      duePrincipal += i.principal;
      dueInterest += i.interest;
      if (oldest === null && (cumPrincipal > paid.principal || cumInterest > paid.interest))
        oldest = i.due_date;
    }
  }
  const principal_due = max0(duePrincipal - paid.principal);
  const interest_due = max0(dueInterest - paid.interest);
  const penalty_due = max0(penaltyCharged - paid.penalty);
  return {
    principal_outstanding: max0(scheduledPrincipal - paid.principal),
    principal_due,
    interest_due,
    penalty_due,
    arrears: principal_due + interest_due,
    days_past_due: oldest === null ? 0 : daysBetween(oldest, asOf),
    oldest_unpaid_due: oldest,
  };
}

const max0 = (x: bigint) => (x > 0n ? x : 0n);
