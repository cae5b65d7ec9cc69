import { Type } from 'typebox';
import { LOAN_METHODS } from '../../../cooperatives/finance/loan-schedule.js';
import { access } from '../../authentication.js';
import { LoanEventSchema, presentLoanEvent } from '../../presenters/coop-ledger.js';
import { Id, IdParams } from '../../schemas.js';
import { IdempotencyHeaders, PostBase, postErrors, tags, type RouteApp } from './shared.js';

/** `POST /api/v1/cooperatives/:id/loan-restructurings` */
export function loanRestructuringRoute(app: RouteApp): void {
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
}
