import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { SAVINGS_PRODUCTS } from '../../cooperatives/ledger/chart.js';
import { LOAN_METHODS } from '../../cooperatives/finance/loan-schedule.js';
import { access } from '../authentication.js';
import {
  BankLoansSchema,
  LoanEventSchema,
  presentBankLoans,
  presentLoanEvent,
  FinancialStatementsSchema,
  LoanPostSchema,
  MemberStatementSchema,
  PortfolioSchema,
  PostResultSchema,
  presentFinancialStatements,
  presentLoanPost,
  presentMemberStatement,
  presentPortfolio,
  presentPost,
  presentRepayment,
  presentSavingsBalances,
  presentShu,
  presentTrialBalance,
  RepaymentSchema,
  SavingsBalancesSchema,
  ShuSchema,
  TrialBalanceSchema,
} from '../presenters/coop-ledger.js';
import { conflictError, Id, IdParams, protectedErrors } from '../schemas.js';

const DateText = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const Percent = (description: string) =>
  Type.String({ pattern: '^[0-9]{1,3}([.,][0-9]{1,6})?$', description: `${description}, percent` });
const Amount = Type.Integer({ minimum: 1, maximum: 1_000_000_000_000_000, description: 'whole rupiah' });
/** A retried request with the same key is answered from the first one and posts nothing new. */
const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' }),
});
const PostBase = {
  date: DateText('posting date YYYY-MM-DD'),
  memo: Type.Optional(Type.String({ maxLength: 500 })),
};
const postErrors = {
  ...protectedErrors,
  409: conflictError([
    'idempotency_conflict',
    'insufficient_balance',
    'not_withdrawable',
    'not_configured',
    'already_paid',
    'already_reversed',
    'member_left',
    'written_off',
    'overpayment',
    'nothing_outstanding',
  ]),
} as const;
const tags = ['cooperative books'];

export const coopLedgerRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/cooperatives/:id/trial-balance',
    { schema: { tags, params: IdParams, response: { 200: TrialBalanceSchema, ...protectedErrors } } },
    async (request) => presentTrialBalance(await access(request).coopLedger.trialBalance(request.params.id)),
  );
  app.get(
    '/api/v1/cooperatives/:id/financial-statements',
    {
      schema: {
        tags,
        summary: 'Balance sheet at `to` and income statement of `from`…`to` (default: this calendar year)',
        params: IdParams,
        querystring: Type.Object({
          from: Type.Optional(DateText('first day')),
          to: Type.Optional(DateText('last day')),
        }),
        response: { 200: FinancialStatementsSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentFinancialStatements(
        await access(request).coopLedger.financialStatements(
          request.params.id,
          request.query.from,
          request.query.to,
        ),
      ),
  );
  app.get(
    '/api/v1/cooperatives/:id/savings',
    {
      schema: {
        tags,
        summary: 'Savings balances per member (audited)',
        params: IdParams,
        response: { 200: SavingsBalancesSchema, ...protectedErrors },
      },
    },
    async (request) => presentSavingsBalances(await access(request).coopLedger.savings(request.params.id)),
  );
  app.get(
    '/api/v1/cooperatives/:id/loans',
    {
      schema: {
        tags,
        summary: 'Loan portfolio with arrears, days past due, PAR30 and PAR90 (audited)',
        params: IdParams,
        querystring: Type.Object({ as_of: Type.Optional(DateText('default today')) }),
        response: { 200: PortfolioSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentPortfolio(await access(request).coopLedger.portfolio(request.params.id, request.query.as_of)),
  );
  app.get(
    '/api/v1/cooperatives/:id/shu',
    {
      schema: {
        tags,
        summary:
          "SHU of a year split with the RAT's parameters (percent, adding up to 100), per member (audited; as `entas coop shu`)",
        params: IdParams,
        querystring: Type.Object({
          year: Type.Integer({ minimum: 2000, maximum: 2100 }),
          reserve: Percent('cadangan'),
          jasa_usaha: Percent('split by members’ transactions (interest and penalties paid)'),
          jasa_modal: Percent('split by members’ savings at year end'),
          other: Type.Optional(
            Type.String({
              maxLength: 500,
              pattern:
                '^[a-z_]{1,40}=[0-9]{1,3}([.,][0-9]{1,6})?(;[a-z_]{1,40}=[0-9]{1,3}([.,][0-9]{1,6})?)*$',
              description: 'other funds, e.g. "pengurus=10;pendidikan=5"',
            }),
          ),
        }),
        response: { 200: ShuSchema, ...protectedErrors },
      },
    },
    async (request) => {
      const q = request.query;
      const others = (q.other ?? '')
        .split(';')
        .filter((x) => x !== '')
        .map((x) => {
          const [name = '', percent = ''] = x.split('=');
          return { name, percent };
        });
      return presentShu(
        await access(request).coopLedger.shu(request.params.id, q.year, {
          reserve: q.reserve,
          jasaUsaha: q.jasa_usaha,
          jasaModal: q.jasa_modal,
          others,
        }),
      );
    },
  );
  app.get(
    '/api/v1/cooperative-members/:id/statement',
    {
      schema: {
        tags,
        summary: "A member's statement: savings and loans with running balances (audited)",
        params: IdParams,
        querystring: Type.Object({
          from: Type.Optional(DateText('first day')),
          to: Type.Optional(DateText('last day')),
        }),
        response: { 200: MemberStatementSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentMemberStatement(
        await access(request).coopLedger.memberStatement(request.params.id, request.query),
      ),
  );
  app.post(
    '/api/v1/cooperatives/:id/savings-transactions',
    {
      schema: {
        tags,
        summary:
          'Deposit or withdraw savings (pokok, wajib, sukarela); needs ledger:post and an Idempotency-Key',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: Type.Object({
          kind: Type.Union([Type.Literal('deposit'), Type.Literal('withdraw')]),
          product: Type.Union(SAVINGS_PRODUCTS.map((p) => Type.Literal(p))),
          member_id: Id(),
          amount: Amount,
          period: Type.Optional(
            Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'YYYY-MM, for wajib' }),
          ),
          ...PostBase,
        }),
        response: { 200: PostResultSchema, 201: PostResultSchema, ...postErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await access(request).coopLedger.postSavings(request.params.id, {
        idempotencyKey: request.headers['idempotency-key'],
        date: b.date,
        memo: b.memo,
        kind: b.kind,
        product: b.product,
        memberId: b.member_id,
        amount: b.amount,
        period: b.period,
      });
      return reply.code(result.replayed ? 200 : 201).send(presentPost(result));
    },
  );
  app.post(
    '/api/v1/cooperatives/:id/loans',
    {
      schema: {
        tags,
        summary:
          'Disburse a member loan (schedule per docs/FINANCE.md); needs ledger:post and an Idempotency-Key',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: Type.Object({
          member_id: Id(),
          principal: Amount,
          annual_rate_percent: Type.String({ description: '12 means 12 % a year; exact decimal' }),
          months: Type.Integer({ minimum: 1, maximum: 600 }),
          method: Type.Union(LOAN_METHODS.map((m) => Type.Literal(m))),
          grace_months: Type.Optional(Type.Integer({ minimum: 0, maximum: 599 })),
          ...PostBase,
        }),
        response: { 200: LoanPostSchema, 201: LoanPostSchema, ...postErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await access(request).coopLedger.disburseLoan(request.params.id, {
        idempotencyKey: request.headers['idempotency-key'],
        date: b.date,
        memo: b.memo,
        memberId: b.member_id,
        principal: b.principal,
        annualRatePercent: b.annual_rate_percent,
        months: b.months,
        method: b.method,
        graceMonths: b.grace_months ?? 0,
      });
      return reply.code(result.replayed ? 200 : 201).send(presentLoanPost(result));
    },
  );
  app.post(
    '/api/v1/cooperatives/:id/loan-repayments',
    {
      schema: {
        tags,
        summary: 'Repay a loan: penalty → interest due → principal; needs ledger:post and an Idempotency-Key',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: Type.Object({ loan_id: Id(), amount: Amount, ...PostBase }),
        response: { 200: RepaymentSchema, 201: RepaymentSchema, ...postErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await access(request).coopLedger.repayLoan(request.params.id, {
        idempotencyKey: request.headers['idempotency-key'],
        date: b.date,
        memo: b.memo,
        loanId: b.loan_id,
        amount: b.amount,
      });
      return reply.code(result.replayed ? 200 : 201).send(presentRepayment(result));
    },
  );
  app.post(
    '/api/v1/cooperatives/:id/reversals',
    {
      schema: {
        tags,
        summary:
          'Reverse a journal entry (the correction: entries never change); needs ledger:post and an Idempotency-Key',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: Type.Object({ entry_id: Id(), ...PostBase }),
        response: { 200: PostResultSchema, 201: PostResultSchema, ...postErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await access(request).coopLedger.reverse(request.params.id, {
        idempotencyKey: request.headers['idempotency-key'],
        date: b.date,
        memo: b.memo,
        entryId: b.entry_id,
      });
      return reply.code(result.replayed ? 200 : 201).send(presentPost(result));
    },
  );
  app.get(
    '/api/v1/cooperatives/:id/bank-loans',
    {
      schema: {
        tags,
        summary: "The cooperative's own bank loans (e.g. Himbara) with their position on a date",
        params: IdParams,
        querystring: Type.Object({ as_of: Type.Optional(DateText('position date, default today')) }),
        response: { 200: BankLoansSchema, ...protectedErrors },
      },
    },
    async (request) => {
      const asOf = request.query.as_of ?? new Date().toISOString().slice(0, 10);
      return presentBankLoans(asOf, await access(request).coopLedger.bankLoans(request.params.id, asOf));
    },
  );
  app.post(
    '/api/v1/cooperatives/:id/bank-loans',
    {
      schema: {
        tags,
        summary:
          'Record a bank loan to the cooperative (cash ↑, liability 2200 ↑); repaid through loan-repayments; needs ledger:post and an Idempotency-Key',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: Type.Object({
          lender: Type.String({ minLength: 1, maxLength: 200 }),
          principal: Amount,
          annual_rate_percent: Type.String({ description: '6 means 6 % a year; exact decimal' }),
          months: Type.Integer({ minimum: 1, maximum: 600 }),
          method: Type.Union(LOAN_METHODS.map((m) => Type.Literal(m))),
          grace_months: Type.Optional(Type.Integer({ minimum: 0, maximum: 599 })),
          ...PostBase,
        }),
        response: { 200: LoanPostSchema, 201: LoanPostSchema, ...postErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await access(request).coopLedger.receiveBankLoan(request.params.id, {
        idempotencyKey: request.headers['idempotency-key'],
        date: b.date,
        memo: b.memo,
        lender: b.lender,
        principal: b.principal,
        annualRatePercent: b.annual_rate_percent,
        months: b.months,
        method: b.method,
        graceMonths: b.grace_months ?? 0,
      });
      return reply.code(result.replayed ? 200 : 201).send(presentLoanPost(result));
    },
  );
  app.post(
    '/api/v1/cooperatives/:id/loan-write-offs',
    {
      schema: {
        tags,
        summary:
          'Write off what is left of a member loan (expense 5200; an explicit event); needs ledger:post and an Idempotency-Key',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: Type.Object({ loan_id: Id(), ...PostBase }),
        response: { 200: PostResultSchema, 201: PostResultSchema, ...postErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await access(request).coopLedger.writeOff(request.params.id, {
        idempotencyKey: request.headers['idempotency-key'],
        date: b.date,
        memo: b.memo,
        loanId: b.loan_id,
      });
      return reply.code(result.replayed ? 200 : 201).send(presentPost(result));
    },
  );
  app.post(
    '/api/v1/cooperatives/:id/loan-restructurings',
    {
      schema: {
        tags,
        summary:
          'Restructure a loan: a new schedule for the outstanding principal from the date (interest due stays due); needs ledger:post and an Idempotency-Key',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: Type.Object({
          loan_id: Id(),
          annual_rate_percent: Type.String({ description: 'exact decimal, percent a year' }),
          months: Type.Integer({ minimum: 1, maximum: 600 }),
          method: Type.Union(LOAN_METHODS.map((m) => Type.Literal(m))),
          grace_months: Type.Optional(Type.Integer({ minimum: 0, maximum: 599 })),
          ...PostBase,
        }),
        response: { 200: LoanEventSchema, 201: LoanEventSchema, ...postErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await access(request).coopLedger.restructure(request.params.id, {
        idempotencyKey: request.headers['idempotency-key'],
        date: b.date,
        memo: b.memo,
        loanId: b.loan_id,
        annualRatePercent: b.annual_rate_percent,
        months: b.months,
        method: b.method,
        graceMonths: b.grace_months ?? 0,
      });
      return reply.code(result.replayed ? 200 : 201).send(presentLoanEvent(result));
    },
  );
  app.post(
    '/api/v1/cooperatives/:id/loan-penalties',
    {
      schema: {
        tags,
        summary:
          'Charge a late-payment penalty on a member loan (collected first by repayments); needs ledger:post and an Idempotency-Key',
        params: IdParams,
        headers: IdempotencyHeaders,
        body: Type.Object({
          loan_id: Id(),
          amount: Amount,
          reason: Type.String({ minLength: 1, maxLength: 500 }),
          ...PostBase,
        }),
        response: { 200: LoanEventSchema, 201: LoanEventSchema, ...postErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await access(request).coopLedger.chargePenalty(request.params.id, {
        idempotencyKey: request.headers['idempotency-key'],
        date: b.date,
        memo: b.memo,
        loanId: b.loan_id,
        amount: b.amount,
        reason: b.reason,
      });
      return reply.code(result.replayed ? 200 : 201).send(presentLoanEvent(result));
    },
  );
  done();
};
