import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { LoanEventSchema, presentLoanEvent } from '../../presenters/coop-ledger.js';
import { Id, IdParams } from '../../schemas.js';
import { Amount, IdempotencyHeaders, PostBase, postErrors, tags, type RouteApp } from './shared.js';

/** `POST /api/v1/cooperatives/:id/loan-penalties` */
export function loanPenaltyRoute(app: RouteApp): void {
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
}
