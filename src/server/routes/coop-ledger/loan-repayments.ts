import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { presentRepayment, RepaymentSchema } from '../../presenters/coop-ledger.js';
import { Id, IdParams } from '../../schemas.js';
import { Amount, IdempotencyHeaders, PostBase, postErrors, tags, type RouteApp } from './shared.js';

/** `POST /api/v1/cooperatives/:id/loan-repayments` */
export function loanRepaymentRoute(app: RouteApp): void {
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
}
