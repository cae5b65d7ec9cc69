/**
 * The standard chart of accounts every cooperative gets (its own copy in `coop_accounts`, so a cooperative can
 * later add accounts). Codes follow the usual SAK-EP grouping: 1 assets, 2 liabilities, 3 equity, 4 income,
 * 5 expenses. Simpanan pokok and wajib are equity (members' capital), simpanan sukarela a liability.
 */
export type AccountType = 'asset' | 'liability' | 'equity' | 'income' | 'expense';

export const ACCOUNTS = {
  cash: { code: '1100', type: 'asset', name: 'Kas dan bank' },
  loans: { code: '1300', type: 'asset', name: 'Piutang pinjaman anggota' },
  sukarela: { code: '2100', type: 'liability', name: 'Simpanan sukarela' },
  bankLoan: { code: '2200', type: 'liability', name: 'Pinjaman bank' },
  pokok: { code: '3100', type: 'equity', name: 'Simpanan pokok' },
  wajib: { code: '3200', type: 'equity', name: 'Simpanan wajib' },
  reserve: { code: '3400', type: 'equity', name: 'Cadangan' },
  retainedShu: { code: '3900', type: 'equity', name: 'SHU belum dibagi' },
  interestIncome: { code: '4100', type: 'income', name: 'Pendapatan jasa pinjaman' },
  penaltyIncome: { code: '4200', type: 'income', name: 'Pendapatan denda' },
  interestExpense: { code: '5100', type: 'expense', name: 'Beban bunga pinjaman bank' },
  writeOffExpense: { code: '5200', type: 'expense', name: 'Beban penghapusan piutang' },
} as const satisfies Record<string, { code: string; type: AccountType; name: string }>;

export type AccountKey = keyof typeof ACCOUNTS;
export type AccountCode = (typeof ACCOUNTS)[AccountKey]['code'];

const BY_CODE = new Map<string, { key: AccountKey; type: AccountType; name: string }>(
  Object.entries(ACCOUNTS).map(([key, a]) => [
    a.code,
    { key: key as AccountKey, type: a.type, name: a.name },
  ]),
);

export function accountType(code: string): AccountType {
  const found = BY_CODE.get(code);
  if (!found) throw new Error(`unknown account ${code}`);
  return found.type;
}

export function accountName(code: string): string {
  return BY_CODE.get(code)?.name ?? code;
}

/** Assets and expenses grow by debits; liabilities, equity and income by credits. */
export function isDebitNormal(type: AccountType): boolean {
  return type === 'asset' || type === 'expense';
}

/** An account's balance on its normal side from its debit and credit totals. */
export function normalBalance(code: string, debit: bigint, credit: bigint): bigint {
  return isDebitNormal(accountType(code)) ? debit - credit : credit - debit;
}

/** Savings products and the account holding each. */
export const SAVINGS_PRODUCTS = ['pokok', 'wajib', 'sukarela'] as const;
export type SavingsProduct = (typeof SAVINGS_PRODUCTS)[number];
export const SAVINGS_ACCOUNT: Record<SavingsProduct, AccountCode> = {
  pokok: ACCOUNTS.pokok.code,
  wajib: ACCOUNTS.wajib.code,
  sukarela: ACCOUNTS.sukarela.code,
};

/**
 * Balances that may never go below zero: cash, each member's savings per product, each loan's receivable and the
 * bank loan. A posting that would take one of them negative is refused.
 */
export const NON_NEGATIVE: ReadonlySet<string> = new Set([
  ACCOUNTS.cash.code,
  ACCOUNTS.loans.code,
  ACCOUNTS.sukarela.code,
  ACCOUNTS.pokok.code,
  ACCOUNTS.wajib.code,
  ACCOUNTS.bankLoan.code,
]);

/** Guarded accounts held per loan, and per member. */
export const LOAN_BALANCES: ReadonlySet<string> = new Set([ACCOUNTS.loans.code, ACCOUNTS.bankLoan.code]);
export const MEMBER_BALANCES: ReadonlySet<string> = new Set([
  ACCOUNTS.sukarela.code,
  ACCOUNTS.pokok.code,
  ACCOUNTS.wajib.code,
]);

/**
 * Whose balance a guarded line moves: each loan's receivable and the bank loan are per loan, each member's savings
 * per member and product, anything else (cash, or a line without its member or loan) the cooperative's account
 * total. Mirrors `entas_coop_balance_owner` in migration 0660 (a test compares them).
 */
export function balanceOwner(line: { account: string; memberId: number | null; loanId: number | null }): {
  memberId: number | null;
  loanId: number | null;
} {
  if (LOAN_BALANCES.has(line.account) && line.loanId !== null) return { memberId: null, loanId: line.loanId };
  if (MEMBER_BALANCES.has(line.account) && line.memberId !== null)
    return { memberId: line.memberId, loanId: null };
  return { memberId: null, loanId: null };
}
