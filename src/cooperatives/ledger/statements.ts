/**
 * Trial balance, balance sheet (neraca) and income statement (laporan perhitungan hasil usaha) computed from
 * account totals alone — the sums of the journal lines — never from a stored balance.
 */
import { accountName, accountType, normalBalance, type AccountType } from './chart.js';

export interface AccountTotal {
  account: string;
  debit: bigint;
  credit: bigint;
}

export interface TrialBalanceRow extends AccountTotal {
  name: string;
  type: AccountType;
  balance: bigint;
}

export interface TrialBalance {
  rows: TrialBalanceRow[];
  total_debit: bigint;
  total_credit: bigint;
  /** total_debit − total_credit: always 0 on a double-entry ledger. */
  difference: bigint;
}

export function trialBalance(totals: readonly AccountTotal[]): TrialBalance {
  const rows = [...totals]
    .sort((a, b) => a.account.localeCompare(b.account))
    .map((t) => ({
      ...t,
      name: accountName(t.account),
      type: accountType(t.account),
      balance: normalBalance(t.account, t.debit, t.credit),
    }));
  const total_debit = rows.reduce((s, r) => s + r.debit, 0n);
  const total_credit = rows.reduce((s, r) => s + r.credit, 0n);
  return { rows, total_debit, total_credit, difference: total_debit - total_credit };
}

export interface StatementLine {
  account: string;
  name: string;
  amount: bigint;
}

export interface BalanceSheet {
  assets: StatementLine[];
  liabilities: StatementLine[];
  equity: StatementLine[];
  /** Income minus expenses not yet closed to equity: shown with equity. */
  current_surplus: bigint;
  total_assets: bigint;
  total_liabilities_and_equity: bigint;
}

export interface IncomeStatement {
  income: StatementLine[];
  expenses: StatementLine[];
  total_income: bigint;
  total_expenses: bigint;
  /** SHU before distribution: income − expenses. */
  surplus: bigint;
}

function linesOf(totals: readonly AccountTotal[], type: AccountType): StatementLine[] {
  return totals
    .filter((t) => accountType(t.account) === type)
    .sort((a, b) => a.account.localeCompare(b.account))
    .map((t) => ({
      account: t.account,
      name: accountName(t.account),
      amount: normalBalance(t.account, t.debit, t.credit),
    }));
}

const sum = (lines: readonly StatementLine[]) => lines.reduce((s, l) => s + l.amount, 0n);

/** Balance sheet from totals of all postings up to the date. Assets = liabilities + equity + current surplus. */
export function balanceSheet(totals: readonly AccountTotal[]): BalanceSheet {
  const assets = linesOf(totals, 'asset');
  const liabilities = linesOf(totals, 'liability');
  const equity = linesOf(totals, 'equity');
  const current_surplus = sum(linesOf(totals, 'income')) - sum(linesOf(totals, 'expense'));
  return {
    assets,
    liabilities,
    equity,
    current_surplus,
    total_assets: sum(assets),
    total_liabilities_and_equity: sum(liabilities) + sum(equity) + current_surplus,
  };
}

/** Income statement from totals of the period's postings. */
export function incomeStatement(totals: readonly AccountTotal[]): IncomeStatement {
  const income = linesOf(totals, 'income');
  const expenses = linesOf(totals, 'expense');
  return {
    income,
    expenses,
    total_income: sum(income),
    total_expenses: sum(expenses),
    surplus: sum(income) - sum(expenses),
  };
}
