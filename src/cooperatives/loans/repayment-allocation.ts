/**
 * Repayment allocation as Fineract's default strategy for these loans: penalties first, then interest due, then
 * principal due, then (prepayment) principal not yet due. Interest of future installments is never collected in
 * advance. Anything beyond the outstanding principal is refused, never kept as an overpayment.
 */
import { ConflictError, say, UserError } from '../../shared/errors.js';

export interface AmountsOwed {
  penalty: bigint;
  interestDue: bigint;
  principalDue: bigint;
  /** All principal still outstanding, due or not (≥ principalDue). */
  principalOutstanding: bigint;
}

export interface Allocation {
  penalty: bigint;
  interest: bigint;
  principal: bigint;
}

export function allocateRepayment(amount: bigint, owed: AmountsOwed): Allocation {
  if (amount <= 0n)
    throw new UserError(
      say(`a repayment must be positive, got Rp${amount}`, `angsuran harus positif, diberikan Rp${amount}`),
      'invalid_amount',
    );
  const most = owed.penalty + owed.interestDue + owed.principalOutstanding;
  if (amount > most)
    throw new ConflictError(
      say(
        `Rp${amount} is more than the loan can take now (Rp${most}: penalties, interest due and all principal)`,
        `Rp${amount} melebihi yang dapat diterima pinjaman saat ini (Rp${most}: denda, bunga jatuh tempo dan seluruh pokok)`,
      ),
      'overpayment',
    );
  let left = amount;
  const take = (cap: bigint) => {
    const part = left < cap ? left : cap;
    left -= part;
    return part;
  };
  const penalty = take(owed.penalty);
  const interest = take(owed.interestDue);
  const principal = take(owed.principalOutstanding);
  return { penalty, interest, principal };
}
