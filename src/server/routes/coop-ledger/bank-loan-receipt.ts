import { Type } from 'typebox';
import { LOAN_METHODS } from '../../../cooperatives/finance/loan-schedule.js';
import { access } from '../../authentication.js';
import { LoanPostSchema, presentLoanPost } from '../../presenters/coop-ledger.js';
import { IdParams } from '../../schemas.js';
import { Amount, IdempotencyHeaders, PostBase, postErrors, tags, type RouteApp } from './shared.js';

/** `POST /api/v1/cooperatives/:id/bank-loans` */
export function receiveBankLoanRoute(app: RouteApp): void {
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
}
