/**
 * Savings (simpanan) as journal lines. Pokok is paid once, in the configured amount, and is not withdrawable while
 * one is a member; wajib is paid per month (period YYYY-MM) in the configured amount; sukarela is deposited and
 * withdrawn freely down to zero. A member who leaves gets all three back in one exit entry.
 */
import { ACCOUNTS, SAVINGS_ACCOUNT, type SavingsProduct } from './chart.js';
import { conflict, credit, debit, refuse, type PostingLine } from './posting.js';

export interface SavingsConfig {
  pokok: bigint;
  wajib: bigint;
  /** First month (YYYY-MM) wajib is due. */
  wajibFrom: string;
}

export interface SavingsRequest {
  kind: 'deposit' | 'withdraw';
  product: SavingsProduct;
  memberId: number;
  amount: bigint;
  /** YYYY-MM, for wajib deposits. */
  period?: string | null;
}

/** The lines of a deposit or withdrawal, after the product's rules. Balances are checked by the ledger. */
export function savingsLines(request: SavingsRequest, config: SavingsConfig | null): PostingLine[] {
  const { product, memberId, amount } = request;
  if (amount <= 0n)
    refuse(
      `amount must be positive, got ${amount}`,
      `jumlah harus positif, diberikan ${amount}`,
      'invalid_amount',
    );
  const account = SAVINGS_ACCOUNT[product];
  if (request.kind === 'withdraw') {
    if (product !== 'sukarela')
      conflict(
        `simpanan ${product} cannot be withdrawn while one is a member (it is refunded on exit)`,
        `simpanan ${product} tidak dapat ditarik selama masih menjadi anggota (dikembalikan saat keluar)`,
        'not_withdrawable',
      );
    return [debit(account, amount, { memberId }), credit(ACCOUNTS.cash.code, amount)];
  }
  if (product !== 'sukarela') {
    if (!config)
      conflict(
        'the cooperative has no savings configuration (pokok and wajib amounts)',
        'koperasi belum memiliki konfigurasi simpanan (jumlah pokok dan wajib)',
        'not_configured',
      );
    const expected = product === 'pokok' ? config.pokok : config.wajib;
    if (amount !== expected)
      refuse(
        `simpanan ${product} is Rp${expected} for every member, got Rp${amount}`,
        `simpanan ${product} sebesar Rp${expected} untuk setiap anggota, diberikan Rp${amount}`,
        'invalid_amount',
      );
    if (product === 'wajib' && !/^\d{4}-(0[1-9]|1[0-2])$/.test(request.period ?? ''))
      refuse(
        `simpanan wajib needs its period as YYYY-MM, got "${request.period ?? ''}"`,
        `simpanan wajib memerlukan periode YYYY-MM, diberikan "${request.period ?? ''}"`,
        'invalid_input',
      );
  }
  return [debit(ACCOUNTS.cash.code, amount), credit(account, amount, { memberId })];
}

/** The exit refund: every savings balance of the member paid out in cash. Empty when there is nothing to refund. */
export function exitRefundLines(memberId: number, balances: Record<SavingsProduct, bigint>): PostingLine[] {
  const lines: PostingLine[] = [];
  let total = 0n;
  for (const product of ['pokok', 'wajib', 'sukarela'] as const) {
    const amount = balances[product];
    if (amount > 0n) {
      lines.push(debit(SAVINGS_ACCOUNT[product], amount, { memberId }));
      total += amount;
    }
  }
  if (total > 0n) lines.push(credit(ACCOUNTS.cash.code, total));
  return lines;
}

/** Months from `from` to `to` inclusive (YYYY-MM), 0 when `to` is earlier. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return Math.max(0, (ty - fy) * 12 + (tm - fm) + 1);
}

/** Wajib arrears: the months due from `wajibFrom` (or the member's joining month, if later) to `asOf`, minus those paid. */
export function wajibArrears(
  config: SavingsConfig,
  joinedMonth: string | null,
  asOfMonth: string,
  paidPeriods: readonly string[],
): { due_months: number; paid_months: number; arrears_months: number; arrears_amount: bigint } {
  const start = joinedMonth !== null && joinedMonth > config.wajibFrom ? joinedMonth : config.wajibFrom;
  const due = monthsBetween(start, asOfMonth);
  const paid = new Set(paidPeriods.filter((p) => p >= start && p <= asOfMonth)).size;
  const arrears = Math.max(0, due - paid);
  return {
    due_months: due,
    paid_months: paid,
    arrears_months: arrears,
    arrears_amount: BigInt(arrears) * config.wajib,
  };
}
