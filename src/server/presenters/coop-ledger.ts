import { Type } from 'typebox';
import type {
  FinancialStatements,
  MemberSavings,
  Portfolio,
  StatementRow,
} from '../../cooperatives/coop-reports.js';
import type { ShuDistribution } from '../../cooperatives/ledger/shu.js';
import type { StatementLine, TrialBalance } from '../../cooperatives/ledger/statements.js';
import type { Allocation } from '../../cooperatives/loans/repayment-allocation.js';
import type { PostResult } from '../../cooperatives/storage/ledger-repository.js';
import { Nullable } from '../schemas.js';

/** Rupiah go out as JSON integers; an amount beyond exact range is an error, never rounded. */
export function rupiahOut(amount: bigint): number {
  if (amount > BigInt(Number.MAX_SAFE_INTEGER) || amount < BigInt(Number.MIN_SAFE_INTEGER))
    throw new Error(`amount Rp${amount} is beyond exact JSON range`);
  return Number(amount);
}

const Rupiah = (description = 'whole rupiah') => Type.Integer({ description });

export const PostResultSchema = Type.Object({
  entry_id: Type.Integer(),
  idempotency_key: Type.String(),
  replayed: Type.Boolean({ description: 'true when this key was posted before: nothing new was written' }),
});
export const LoanPostSchema = Type.Object({ ...PostResultSchema.properties, loan_id: Type.Integer() });
export const RepaymentSchema = Type.Object({
  ...PostResultSchema.properties,
  allocation: Type.Object({ penalty: Rupiah(), interest: Rupiah(), principal: Rupiah() }),
});

export function presentPost(r: PostResult) {
  return { entry_id: r.entryId, idempotency_key: r.idempotencyKey, replayed: r.replayed };
}
export function presentLoanPost(r: PostResult & { loanId: number }) {
  return { ...presentPost(r), loan_id: r.loanId };
}
export function presentRepayment(r: PostResult & { allocation: Allocation }) {
  return {
    ...presentPost(r),
    allocation: {
      penalty: rupiahOut(r.allocation.penalty),
      interest: rupiahOut(r.allocation.interest),
      principal: rupiahOut(r.allocation.principal),
    },
  };
}

export const TrialBalanceSchema = Type.Object({
  rows: Type.Array(
    Type.Object({
      account: Type.String(),
      name: Type.String(),
      type: Type.String(),
      debit: Rupiah(),
      credit: Rupiah(),
      balance: Rupiah('on the account’s normal side'),
    }),
  ),
  total_debit: Rupiah(),
  total_credit: Rupiah(),
  difference: Rupiah('always 0'),
});

export function presentTrialBalance(tb: TrialBalance) {
  return {
    rows: tb.rows.map((r) => ({
      account: r.account,
      name: r.name,
      type: r.type,
      debit: rupiahOut(r.debit),
      credit: rupiahOut(r.credit),
      balance: rupiahOut(r.balance),
    })),
    total_debit: rupiahOut(tb.total_debit),
    total_credit: rupiahOut(tb.total_credit),
    difference: rupiahOut(tb.difference),
  };
}

const LineSchema = Type.Object({ account: Type.String(), name: Type.String(), amount: Rupiah() });
const lines = (list: StatementLine[]) =>
  list.map((l) => ({ account: l.account, name: l.name, amount: rupiahOut(l.amount) }));

export const FinancialStatementsSchema = Type.Object({
  from: Type.String(),
  to: Type.String(),
  balance_sheet: Type.Object({
    assets: Type.Array(LineSchema),
    liabilities: Type.Array(LineSchema),
    equity: Type.Array(LineSchema),
    current_surplus: Rupiah(),
    total_assets: Rupiah(),
    total_liabilities_and_equity: Rupiah(),
  }),
  income_statement: Type.Object({
    income: Type.Array(LineSchema),
    expenses: Type.Array(LineSchema),
    total_income: Rupiah(),
    total_expenses: Rupiah(),
    surplus: Rupiah('SHU before distribution'),
  }),
});

export function presentFinancialStatements(f: FinancialStatements) {
  const b = f.balance_sheet;
  const i = f.income_statement;
  return {
    from: f.from,
    to: f.to,
    balance_sheet: {
      assets: lines(b.assets),
      liabilities: lines(b.liabilities),
      equity: lines(b.equity),
      current_surplus: rupiahOut(b.current_surplus),
      total_assets: rupiahOut(b.total_assets),
      total_liabilities_and_equity: rupiahOut(b.total_liabilities_and_equity),
    },
    income_statement: {
      income: lines(i.income),
      expenses: lines(i.expenses),
      total_income: rupiahOut(i.total_income),
      total_expenses: rupiahOut(i.total_expenses),
      surplus: rupiahOut(i.surplus),
    },
  };
}

export const SavingsBalancesSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      member_id: Type.Integer(),
      member_no: Nullable(Type.String()),
      name: Type.String(),
      pokok: Rupiah(),
      wajib: Rupiah(),
      sukarela: Rupiah(),
    }),
  ),
});

export function presentSavingsBalances(rows: MemberSavings[]) {
  return {
    items: rows.map((r) => ({
      member_id: r.member_id,
      member_no: r.member_no,
      name: r.name,
      pokok: rupiahOut(r.pokok),
      wajib: rupiahOut(r.wajib),
      sukarela: rupiahOut(r.sukarela),
    })),
  };
}

const ParSchema = Type.Object({
  days: Type.Integer(),
  amount: Rupiah(),
  loans: Type.Integer(),
  percent: Type.String({ description: 'two decimals, e.g. "3.25"' }),
});

export const PortfolioSchema = Type.Object({
  as_of: Type.String(),
  outstanding: Rupiah(),
  par30: ParSchema,
  par90: ParSchema,
  loans: Type.Array(
    Type.Object({
      loan_id: Type.Integer(),
      member_id: Type.Integer(),
      principal: Rupiah(),
      disbursed_on: Type.String(),
      written_off: Type.Boolean(),
      principal_outstanding: Rupiah(),
      principal_due: Rupiah(),
      interest_due: Rupiah(),
      penalty_due: Rupiah(),
      arrears: Rupiah(),
      days_past_due: Type.Integer(),
      oldest_unpaid_due: Nullable(Type.String()),
    }),
  ),
});

export function presentPortfolio(p: Portfolio) {
  const par = (f: Portfolio['par30']) => ({
    days: f.days,
    amount: rupiahOut(f.amount),
    loans: f.loans,
    percent: f.percent,
  });
  return {
    as_of: p.as_of,
    outstanding: rupiahOut(p.outstanding),
    par30: par(p.par30),
    par90: par(p.par90),
    loans: p.loans.map((l) => ({
      loan_id: l.loan_id,
      member_id: l.member_id,
      principal: rupiahOut(l.principal),
      disbursed_on: l.disbursed_on,
      written_off: l.written_off,
      principal_outstanding: rupiahOut(l.principal_outstanding),
      principal_due: rupiahOut(l.principal_due),
      interest_due: rupiahOut(l.interest_due),
      penalty_due: rupiahOut(l.penalty_due),
      arrears: rupiahOut(l.arrears),
      days_past_due: l.days_past_due,
      oldest_unpaid_due: l.oldest_unpaid_due,
    })),
  };
}

export const MemberStatementSchema = Type.Object({
  member_id: Type.Integer(),
  cooperative_id: Type.Integer(),
  rows: Type.Array(
    Type.Object({
      entry_id: Type.Integer(),
      date: Type.String(),
      kind: Type.String(),
      account: Type.String(),
      account_name: Type.String(),
      loan_id: Nullable(Type.Integer()),
      amount: Rupiah('+ raises the savings balance or the loan owed, − lowers it'),
      balance: Rupiah('running balance of this account (and loan)'),
    }),
  ),
  closing: Type.Record(Type.String(), Rupiah(), {
    description: 'closing balance per account, "1300:<loan id>" for loans',
  }),
});

export function presentMemberStatement(s: {
  member_id: number;
  cooperative_id: number;
  rows: StatementRow[];
  closing: Record<string, bigint>;
}) {
  return {
    member_id: s.member_id,
    cooperative_id: s.cooperative_id,
    rows: s.rows.map((r) => ({
      entry_id: r.entry_id,
      date: r.date,
      kind: r.kind,
      account: r.account,
      account_name: r.account_name,
      loan_id: r.loan_id,
      amount: rupiahOut(r.amount),
      balance: rupiahOut(r.balance),
    })),
    closing: Object.fromEntries(Object.entries(s.closing).map(([k, v]) => [k, rupiahOut(v)])),
  };
}

export const LoanEventSchema = Type.Object({
  event_id: Type.Integer(),
  replayed: Type.Boolean({ description: 'true when this key was recorded before: nothing new was written' }),
  schedule_version: Type.Optional(Type.Integer({ description: 'the loan’s schedule after a restructuring' })),
});
export function presentLoanEvent(r: { eventId: number; replayed: boolean; scheduleVersion?: number }) {
  return {
    event_id: r.eventId,
    replayed: r.replayed,
    ...(r.scheduleVersion === undefined ? {} : { schedule_version: r.scheduleVersion }),
  };
}

export const BankLoansSchema = Type.Object({
  as_of: Type.String(),
  loans: Type.Array(
    Type.Object({
      loan_id: Type.Integer(),
      lender: Type.String(),
      principal: Rupiah(),
      annual_rate_percent: Type.String({ description: 'exact decimal, percent a year' }),
      months: Type.Integer(),
      grace_months: Type.Integer(),
      method: Type.String(),
      received_on: Type.String(),
      principal_outstanding: Rupiah(),
      principal_due: Rupiah('principal due and unpaid'),
      interest_due: Rupiah('interest due and unpaid'),
      days_past_due: Type.Integer(),
    }),
  ),
  outstanding: Rupiah(),
});
export function presentBankLoans(
  asOf: string,
  loans: {
    loan_id: number;
    lender: string;
    principal: bigint;
    annual_rate_percent: string;
    months: number;
    grace_months: number;
    method: string;
    received_on: string;
    principal_outstanding: bigint;
    principal_due: bigint;
    interest_due: bigint;
    days_past_due: number;
  }[],
) {
  return {
    as_of: asOf,
    loans: loans.map((l) => ({
      loan_id: l.loan_id,
      lender: l.lender,
      principal: rupiahOut(l.principal),
      annual_rate_percent: l.annual_rate_percent,
      months: l.months,
      grace_months: l.grace_months,
      method: l.method,
      received_on: l.received_on,
      principal_outstanding: rupiahOut(l.principal_outstanding),
      principal_due: rupiahOut(l.principal_due),
      interest_due: rupiahOut(l.interest_due),
      days_past_due: l.days_past_due,
    })),
    outstanding: rupiahOut(loans.reduce((s, l) => s + l.principal_outstanding, 0n)),
  };
}

export const ShuSchema = Type.Object({
  year: Type.Integer(),
  shu: Rupiah('the year’s surplus (0 when there was a loss)'),
  pools: Type.Array(
    Type.Object({ name: Type.String(), percent: Type.String({ description: 'as given' }), amount: Rupiah() }),
  ),
  members: Type.Array(
    Type.Object({
      member_id: Type.Integer(),
      jasa_usaha: Rupiah('share by the member’s transactions (interest and penalties paid)'),
      jasa_modal: Rupiah('share by the member’s savings at year end'),
      total: Rupiah(),
    }),
  ),
  remainder: Rupiah('left over from rounding down; stays in the cooperative'),
});

export function presentShu(s: ShuDistribution & { year: number }) {
  return {
    year: s.year,
    shu: rupiahOut(s.shu),
    pools: s.pools.map((p) => ({ name: p.name, percent: p.percent, amount: rupiahOut(p.amount) })),
    members: s.members.map((m) => ({
      member_id: m.member_id,
      jasa_usaha: rupiahOut(m.jasa_usaha),
      jasa_modal: rupiahOut(m.jasa_modal),
      total: rupiahOut(m.total),
    })),
    remainder: rupiahOut(s.remainder),
  };
}
