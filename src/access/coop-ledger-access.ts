import type {
  FinancialStatements,
  MemberSavings,
  Portfolio,
  StatementRow,
} from '../cooperatives/coop-reports.js';
import {
  cooperativeTrialBalance,
  financialStatements,
  loanPortfolio,
  memberStatement,
  savingsBalances,
  shuReport,
} from '../cooperatives/coop-reports.js';
import { parseCalendarDate } from '../cooperatives/finance/due-dates.js';
import { parseAnnualRatePercent } from '../cooperatives/finance/exact-rate.js';
import { LOAN_METHODS, type LoanMethod } from '../cooperatives/finance/loan-schedule.js';
import type { SavingsProduct } from '../cooperatives/ledger/chart.js';
import type { ShuDistribution, ShuParameters } from '../cooperatives/ledger/shu.js';
import type { TrialBalance } from '../cooperatives/ledger/statements.js';
import type { Allocation } from '../cooperatives/loans/repayment-allocation.js';
import {
  bankLoans,
  chargePenalty,
  disburseLoan,
  receiveBankLoan,
  repayLoan,
  restructureLoan,
  writeOffLoan,
} from '../cooperatives/loan-service.js';
import { postSavings, reverseEntry, type PostMeta } from '../cooperatives/savings-service.js';
import type { Books, PostResult } from '../cooperatives/storage/ledger-repository.js';
import type { Tx } from '../db/database.js';
import { say, UserError } from '../shared/errors.js';
import type { AccessContext } from './access-context.js';
import { cooperativeInScope, memberCooperativeInScope } from './cooperative-scope.js';

export interface PostingRequest {
  idempotencyKey: string;
  date: string;
  memo?: string | undefined;
}

/**
 * A cooperative's books through the principal's scope: reads need cooperatives:read (aggregates) or members:read
 * (anything naming members, audited); postings need ledger:post and are audited, each with its idempotency key, in
 * the posting's own transaction. A cooperative outside the scope looks exactly like one that does not exist.
 */
export class CoopLedgerAccess {
  constructor(private readonly ctx: AccessContext) {}

  /** The cooperative's books if the principal may see it (404 otherwise, as for an absent one). */
  private books(cooperativeId: number): Promise<Books> {
    return cooperativeInScope(this.ctx, cooperativeId);
  }

  async trialBalance(cooperativeId: number): Promise<TrialBalance> {
    this.ctx.require('cooperatives:read');
    return cooperativeTrialBalance(this.ctx.db, await this.books(cooperativeId));
  }

  async financialStatements(cooperativeId: number, from?: string, to?: string): Promise<FinancialStatements> {
    this.ctx.require('cooperatives:read');
    const year = new Date().getUTCFullYear();
    const start = checkedDate(from ?? `${year}-01-01`, 'from');
    const end = checkedDate(to ?? `${year}-12-31`, 'to');
    return financialStatements(this.ctx.db, await this.books(cooperativeId), start, end);
  }

  async savings(cooperativeId: number): Promise<MemberSavings[]> {
    this.ctx.require('members:read');
    const books = await this.books(cooperativeId);
    const rows = await savingsBalances(this.ctx.db, books);
    await this.ctx.audit({
      action: 'coop_savings.list',
      subjectType: 'cooperative',
      subjectId: cooperativeId,
      regionCode: books.villageCode,
      details: { returned: rows.length },
    });
    return rows;
  }

  async portfolio(cooperativeId: number, asOf?: string): Promise<Portfolio> {
    this.ctx.require('members:read');
    const books = await this.books(cooperativeId);
    const result = await loanPortfolio(
      this.ctx.db,
      books,
      checkedDate(asOf ?? new Date().toISOString().slice(0, 10), 'as_of'),
    );
    await this.ctx.audit({
      action: 'coop_loans.list',
      subjectType: 'cooperative',
      subjectId: cooperativeId,
      regionCode: books.villageCode,
      details: { returned: result.loans.length },
    });
    return result;
  }

  /**
   * The SHU of a year split with the RAT's parameters (as `entas coop shu`): a read, but it gives every member's
   * share, so it needs members:read and is audited.
   */
  async shu(
    cooperativeId: number,
    year: number,
    parameters: ShuParameters,
  ): Promise<ShuDistribution & { year: number }> {
    this.ctx.require('members:read');
    const books = await this.books(cooperativeId);
    const result = await shuReport({ db: this.ctx.db }, books, year, parameters);
    await this.ctx.audit({
      action: 'coop_shu.read',
      subjectType: 'cooperative',
      subjectId: cooperativeId,
      regionCode: books.villageCode,
      details: { year, returned: result.members.length },
    });
    return result;
  }

  async memberStatement(
    memberId: number,
    range: { from?: string | undefined; to?: string | undefined },
  ): Promise<{
    member_id: number;
    cooperative_id: number;
    rows: StatementRow[];
    closing: Record<string, bigint>;
  }> {
    this.ctx.require('members:read');
    const books = await memberCooperativeInScope(this.ctx, memberId);
    const statement = await memberStatement(this.ctx.db, books, memberId, {
      from: range.from === undefined ? undefined : checkedDate(range.from, 'from'),
      to: range.to === undefined ? undefined : checkedDate(range.to, 'to'),
    });
    await this.ctx.audit({
      action: 'coop_member.statement',
      subjectType: 'cooperative_member',
      subjectId: memberId,
      regionCode: books.villageCode,
      details: { returned: statement.rows.length },
    });
    return { member_id: memberId, cooperative_id: books.cooperativeId, ...statement };
  }

  /** Runs a posting in its own transaction and audits it there with its idempotency key. */
  private async post<T extends PostResult>(
    cooperativeId: number,
    action: string,
    request: PostingRequest,
    details: Record<string, unknown>,
    work: (tx: Tx, meta: PostMeta) => Promise<T>,
  ): Promise<T> {
    this.ctx.require('ledger:post');
    const books = await this.books(cooperativeId);
    const meta: PostMeta = {
      date: checkedDate(request.date, 'date'),
      idempotencyKey: request.idempotencyKey,
      memo: request.memo,
      postedBy: this.ctx.principal.username,
    };
    return this.ctx.database.transaction(async (tx) => {
      const result = await work(tx, meta);
      await this.ctx.auditIn(tx, {
        action,
        subjectType: 'cooperative',
        subjectId: cooperativeId,
        regionCode: books.villageCode,
        details: {
          ...details,
          idempotency_key: request.idempotencyKey,
          entry_id: result.entryId,
          replayed: result.replayed,
        },
      });
      return result;
    });
  }

  postSavings(
    cooperativeId: number,
    request: PostingRequest & {
      kind: 'deposit' | 'withdraw';
      product: SavingsProduct;
      memberId: number;
      amount: number;
      period?: string | undefined;
    },
  ): Promise<PostResult> {
    const { kind, product, memberId, period } = request;
    const amount = rupiahIn(request.amount);
    return this.post(
      cooperativeId,
      `coop_savings.${kind}`,
      request,
      { product, member_id: memberId, amount: String(amount) },
      (tx, meta) =>
        postSavings(tx, cooperativeId, { kind, product, memberId, amount, period: period ?? null }, meta),
    );
  }

  disburseLoan(
    cooperativeId: number,
    request: PostingRequest & {
      memberId: number;
      principal: number;
      annualRatePercent: string;
      months: number;
      method: string;
      graceMonths: number;
    },
  ): Promise<PostResult & { loanId: number }> {
    checkedMethod(request.method);
    const principal = rupiahIn(request.principal);
    return this.post(
      cooperativeId,
      'coop_loan.disburse',
      request,
      { member_id: request.memberId, principal: String(principal) },
      (tx, meta) =>
        disburseLoan(
          tx,
          cooperativeId,
          {
            memberId: request.memberId,
            principal,
            annualRate: parseAnnualRatePercent(request.annualRatePercent, 'annual_rate_percent'),
            months: request.months,
            method: request.method as LoanMethod,
            graceMonths: request.graceMonths,
          },
          meta,
        ),
    );
  }

  repayLoan(
    cooperativeId: number,
    request: PostingRequest & { loanId: number; amount: number },
  ): Promise<PostResult & { allocation: Allocation }> {
    const amount = rupiahIn(request.amount);
    return this.post(
      cooperativeId,
      'coop_loan.repay',
      request,
      { loan_id: request.loanId, amount: String(amount) },
      (tx, meta) => repayLoan(tx, cooperativeId, request.loanId, amount, meta),
    );
  }

  /** The cooperative's own bank loans (aggregate figures, no member data). */
  async bankLoans(cooperativeId: number, asOf?: string) {
    this.ctx.require('cooperatives:read');
    return bankLoans(
      this.ctx.db,
      await this.books(cooperativeId),
      checkedDate(asOf ?? new Date().toISOString().slice(0, 10), 'as_of'),
    );
  }

  receiveBankLoan(
    cooperativeId: number,
    request: PostingRequest & {
      lender: string;
      principal: number;
      annualRatePercent: string;
      months: number;
      method: string;
      graceMonths: number;
    },
  ): Promise<PostResult & { loanId: number }> {
    const method = checkedMethod(request.method);
    const principal = rupiahIn(request.principal);
    return this.post(
      cooperativeId,
      'coop_bank_loan.receive',
      request,
      { lender: request.lender, principal: String(principal) },
      (tx, meta) =>
        receiveBankLoan(
          tx,
          cooperativeId,
          {
            lender: request.lender,
            principal,
            annualRate: parseAnnualRatePercent(request.annualRatePercent, 'annual_rate_percent'),
            months: request.months,
            method,
            graceMonths: request.graceMonths,
          },
          meta,
        ),
    );
  }

  writeOff(cooperativeId: number, request: PostingRequest & { loanId: number }): Promise<PostResult> {
    return this.post(cooperativeId, 'coop_loan.write_off', request, { loan_id: request.loanId }, (tx, meta) =>
      writeOffLoan(tx, cooperativeId, request.loanId, meta),
    );
  }

  /** Loan events that post no journal entry (restructuring, penalty): same permission, scope and audit. */
  private async event<T extends { eventId: number; replayed: boolean }>(
    cooperativeId: number,
    action: string,
    request: PostingRequest,
    details: Record<string, unknown>,
    work: (tx: Tx, meta: PostMeta) => Promise<T>,
  ): Promise<T> {
    this.ctx.require('ledger:post');
    const books = await this.books(cooperativeId);
    const meta: PostMeta = {
      date: checkedDate(request.date, 'date'),
      idempotencyKey: request.idempotencyKey,
      memo: request.memo,
      postedBy: this.ctx.principal.username,
    };
    return this.ctx.database.transaction(async (tx) => {
      const result = await work(tx, meta);
      await this.ctx.auditIn(tx, {
        action,
        subjectType: 'cooperative',
        subjectId: cooperativeId,
        regionCode: books.villageCode,
        details: {
          ...details,
          idempotency_key: request.idempotencyKey,
          event_id: result.eventId,
          replayed: result.replayed,
        },
      });
      return result;
    });
  }

  restructure(
    cooperativeId: number,
    request: PostingRequest & {
      loanId: number;
      annualRatePercent: string;
      months: number;
      method: string;
      graceMonths: number;
    },
  ) {
    const method = checkedMethod(request.method);
    return this.event(
      cooperativeId,
      'coop_loan.restructure',
      request,
      { loan_id: request.loanId, months: request.months, method },
      (tx, meta) =>
        restructureLoan(
          tx,
          cooperativeId,
          request.loanId,
          {
            annualRate: parseAnnualRatePercent(request.annualRatePercent, 'annual_rate_percent'),
            months: request.months,
            method,
            graceMonths: request.graceMonths,
          },
          meta,
        ),
    );
  }

  chargePenalty(
    cooperativeId: number,
    request: PostingRequest & { loanId: number; amount: number; reason: string },
  ) {
    const amount = rupiahIn(request.amount);
    return this.event(
      cooperativeId,
      'coop_loan.penalty',
      request,
      { loan_id: request.loanId, amount: String(amount) },
      (tx, meta) =>
        chargePenalty(tx, cooperativeId, request.loanId, amount, { ...meta, reason: request.reason }),
    );
  }

  reverse(cooperativeId: number, request: PostingRequest & { entryId: number }): Promise<PostResult> {
    return this.post(
      cooperativeId,
      'coop_entry.reverse',
      request,
      { reverses: request.entryId },
      (tx, meta) => reverseEntry(tx, cooperativeId, request.entryId, meta),
    );
  }
}

function checkedMethod(method: string): LoanMethod {
  if (!(LOAN_METHODS as readonly string[]).includes(method))
    throw new UserError(
      say(
        `method must be one of ${LOAN_METHODS.join(', ')}`,
        `method harus salah satu dari ${LOAN_METHODS.join(', ')}`,
      ),
      'invalid_input',
    );
  return method as LoanMethod;
}

function checkedDate(text: string, field: string): string {
  parseCalendarDate(text, field);
  return text;
}

/** A JSON amount as BigInt: a whole number of rupiah within exact range (the schema already refuses fractions). */
function rupiahIn(amount: number): bigint {
  if (!Number.isSafeInteger(amount))
    throw new UserError(
      say(`amount must be whole rupiah, got ${amount}`, `jumlah harus rupiah bulat, diberikan ${amount}`),
      'invalid_amount',
    );
  return BigInt(amount);
}
