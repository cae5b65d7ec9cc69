/**
 * Read-only reports from the journal alone: trial balance (one cooperative or all), savings balances per member,
 * a member's statement, the loan portfolio with PAR30/PAR90, balance sheet, income statement and the SHU split.
 */
import { sql, type Kysely } from 'kysely';
import type { Tx } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { ACCOUNTS, accountName, SAVINGS_ACCOUNT } from './ledger/chart.js';
import { distributeShu, type ShuDistribution, type ShuParameters } from './ledger/shu.js';
import {
  balanceSheet,
  incomeStatement,
  trialBalance,
  type BalanceSheet,
  type IncomeStatement,
  type TrialBalance,
} from './ledger/statements.js';
import { loanPosition, type LoanPosition } from './loans/loan-position.js';
import { portfolioAtRisk, type ParFigure } from './loans/portfolio-at-risk.js';
import { loanFacts } from './loan-service.js';
import { accountTotals, type Books } from './storage/ledger-repository.js';

export async function cooperativeTrialBalance(
  db: Kysely<DB>,
  books: Books,
  asOf?: string,
): Promise<TrialBalance> {
  const totals = await accountTotals(db, books, { to: asOf });
  return trialBalance(totals.get(books.cooperativeId) ?? []);
}

/** Every cooperative's trial balance; `unbalanced` lists any whose debits and credits differ (always empty). */
export async function allTrialBalances(
  db: Kysely<DB>,
): Promise<{ cooperatives: number; total_debit: bigint; total_credit: bigint; unbalanced: number[] }> {
  const totals = await accountTotals(db, null);
  let d = 0n;
  let c = 0n;
  const unbalanced: number[] = [];
  for (const [coop, list] of totals) {
    const tb = trialBalance(list);
    d += tb.total_debit;
    c += tb.total_credit;
    if (tb.difference !== 0n) unbalanced.push(coop);
  }
  return { cooperatives: totals.size, total_debit: d, total_credit: c, unbalanced };
}

export interface MemberSavings {
  member_id: number;
  member_no: string | null;
  name: string;
  pokok: bigint;
  wajib: bigint;
  sukarela: bigint;
}

export async function savingsBalances(db: Kysely<DB>, books: Books): Promise<MemberSavings[]> {
  const rows = await sql<{
    member_id: number;
    member_no: string | null;
    name: string;
    pokok: string;
    wajib: string;
    sukarela: string;
  }>`
    SELECT m.id AS member_id, m.member_no, m.name,
           coalesce(sum(l.credit - l.debit) FILTER (WHERE l.account_code = ${SAVINGS_ACCOUNT.pokok}), 0)::text AS pokok,
           coalesce(sum(l.credit - l.debit) FILTER (WHERE l.account_code = ${SAVINGS_ACCOUNT.wajib}), 0)::text AS wajib,
           coalesce(sum(l.credit - l.debit) FILTER (WHERE l.account_code = ${SAVINGS_ACCOUNT.sukarela}), 0)::text AS sukarela
      FROM cooperative_members m
      LEFT JOIN coop_journal_lines l ON l.province_code = ${books.provinceCode} AND l.cooperative_id = m.cooperative_id
           AND l.member_id = m.id
           AND l.account_code IN (${SAVINGS_ACCOUNT.pokok}, ${SAVINGS_ACCOUNT.wajib}, ${SAVINGS_ACCOUNT.sukarela})
     WHERE m.cooperative_id = ${books.cooperativeId}
     GROUP BY m.id ORDER BY m.id`.execute(db);
  return rows.rows.map((r) => ({
    ...r,
    pokok: BigInt(r.pokok),
    wajib: BigInt(r.wajib),
    sukarela: BigInt(r.sukarela),
  }));
}

export interface StatementRow {
  entry_id: number;
  date: string;
  kind: string;
  account: string;
  account_name: string;
  loan_id: number | null;
  /** + increases what the member has (savings) or owes (loan); − decreases it. */
  amount: bigint;
  balance: bigint;
}

/** A member's statement: every line on their savings and loans, with the running balance per account and loan. */
export async function memberStatement(
  db: Kysely<DB>,
  books: Books,
  memberId: number,
  range: { from?: string | undefined; to?: string | undefined } = {},
): Promise<{ rows: StatementRow[]; closing: Record<string, bigint> }> {
  const rows = await sql<{
    entry_id: number;
    entry_date: string;
    kind: string;
    account_code: string;
    loan_id: number | null;
    debit: string;
    credit: string;
  }>`
    SELECT l.entry_id, e.entry_date, e.kind, l.account_code, l.loan_id, l.debit::text, l.credit::text
      FROM coop_journal_lines l
      JOIN coop_journal_entries e ON e.province_code = l.province_code AND e.id = l.entry_id
     WHERE l.member_id = ${memberId} AND l.province_code = ${books.provinceCode} AND l.cooperative_id = ${books.cooperativeId}
       AND l.account_code IN (${ACCOUNTS.pokok.code}, ${ACCOUNTS.wajib.code}, ${ACCOUNTS.sukarela.code}, ${ACCOUNTS.loans.code})
       ${range.to === undefined ? sql`` : sql`AND e.entry_date <= ${range.to}::date`}
     ORDER BY e.entry_date, l.entry_id, l.id`.execute(db);
  const running = new Map<string, bigint>();
  const out: StatementRow[] = [];
  for (const r of rows.rows) {
    const key = r.loan_id === null ? r.account_code : `${r.account_code}:${r.loan_id}`;
    const isLoan = r.account_code === ACCOUNTS.loans.code;
    const amount = isLoan ? BigInt(r.debit) - BigInt(r.credit) : BigInt(r.credit) - BigInt(r.debit);
    const balance = (running.get(key) ?? 0n) + amount;
    running.set(key, balance);
    if (range.from !== undefined && r.entry_date < range.from) continue;
    out.push({
      entry_id: r.entry_id,
      date: r.entry_date,
      kind: r.kind,
      account: r.account_code,
      account_name: accountName(r.account_code),
      loan_id: r.loan_id,
      amount,
      balance,
    });
  }
  return { rows: out, closing: Object.fromEntries(running) };
}

export interface PortfolioLoan extends LoanPosition {
  loan_id: number;
  member_id: number;
  principal: bigint;
  disbursed_on: string;
  written_off: boolean;
}

export interface Portfolio {
  as_of: string;
  loans: PortfolioLoan[];
  outstanding: bigint;
  par30: ParFigure;
  par90: ParFigure;
}

export async function loanPortfolio(db: Kysely<DB>, books: Books, asOf: string): Promise<Portfolio> {
  const loans = await sql<{
    id: number;
    member_id: number;
    principal: string;
    disbursed_on: string;
    written_off_on: string | null;
  }>`
    SELECT id, member_id, principal::text, disbursed_on, written_off_on FROM coop_loans
     WHERE province_code = ${books.provinceCode} AND cooperative_id = ${books.cooperativeId} AND direction = 'member'
       AND disbursed_on <= ${asOf}::date
     ORDER BY id`.execute(db);
  const out: PortfolioLoan[] = [];
  for (const l of loans.rows) {
    const f = await loanFacts(db, books, l.id);
    const written_off = l.written_off_on !== null && l.written_off_on <= asOf;
    out.push({
      loan_id: l.id,
      member_id: l.member_id,
      principal: BigInt(l.principal),
      disbursed_on: l.disbursed_on,
      written_off,
      ...loanPosition(f.schedule, f.paid, f.charged, asOf),
    });
  }
  const active = out
    .filter((l) => !l.written_off)
    .map((l) => ({ outstanding: l.principal_outstanding, days_past_due: l.days_past_due }));
  return {
    as_of: asOf,
    loans: out,
    outstanding: active.reduce((s, l) => s + l.outstanding, 0n),
    par30: portfolioAtRisk(active, 30),
    par90: portfolioAtRisk(active, 90),
  };
}

export interface FinancialStatements {
  from: string;
  to: string;
  balance_sheet: BalanceSheet;
  income_statement: IncomeStatement;
}

/** Balance sheet at `to` (all postings up to it) and the income statement of `from`…`to`. */
export async function financialStatements(
  db: Kysely<DB>,
  books: Books,
  from: string,
  to: string,
): Promise<FinancialStatements> {
  const [upTo, period] = await Promise.all([
    accountTotals(db, books, { to }),
    accountTotals(db, books, { from, to }),
  ]);
  return {
    from,
    to,
    balance_sheet: balanceSheet(upTo.get(books.cooperativeId) ?? []),
    income_statement: incomeStatement(period.get(books.cooperativeId) ?? []),
  };
}

/**
 * The SHU of a year split with the RAT's parameters. Jasa usaha weighs each member's interest and penalties paid
 * in the year (their business with the savings-and-loan unit); jasa modal their pokok + wajib + sukarela at year end.
 */
export async function shuReport(
  tx: Tx | { db: Kysely<DB> },
  books: Books,
  year: number,
  parameters: ShuParameters,
): Promise<ShuDistribution & { year: number }> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const statements = await financialStatements(tx.db, books, from, to);
  const weights = await sql<{ member_id: number; transactions: string; capital: string }>`
    SELECT m.id AS member_id,
           coalesce(sum(l.credit - l.debit) FILTER (WHERE l.account_code IN (${ACCOUNTS.interestIncome.code}, ${ACCOUNTS.penaltyIncome.code}) AND l.entry_date >= ${from}::date), 0)::text AS transactions,
           coalesce(sum(l.credit - l.debit) FILTER (WHERE l.account_code IN (${ACCOUNTS.pokok.code}, ${ACCOUNTS.wajib.code}, ${ACCOUNTS.sukarela.code})), 0)::text AS capital
      FROM cooperative_members m
      LEFT JOIN (SELECT x.member_id, x.account_code, x.debit, x.credit, e.entry_date
                   FROM coop_journal_entries e
                   JOIN coop_journal_lines x ON x.province_code = e.province_code AND x.entry_id = e.id
                  WHERE e.province_code = ${books.provinceCode} AND e.cooperative_id = ${books.cooperativeId}
                    AND x.member_id IS NOT NULL AND e.entry_date <= ${to}::date) l ON l.member_id = m.id
     WHERE m.cooperative_id = ${books.cooperativeId}
     GROUP BY m.id ORDER BY m.id`.execute(tx.db);
  const surplus = statements.income_statement.surplus;
  const distribution = distributeShu(
    surplus > 0n ? surplus : 0n,
    parameters,
    weights.rows.map((w) => ({
      memberId: w.member_id,
      transactions: BigInt(w.transactions),
      capital: BigInt(w.capital),
    })),
  );
  return { ...distribution, year };
}
