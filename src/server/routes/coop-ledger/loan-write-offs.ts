import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { PostResultSchema, presentPost } from '../../presenters/coop-ledger.js';
import { Id, IdParams } from '../../schemas.js';
import { IdempotencyHeaders, PostBase, postErrors, tags, type RouteApp } from './shared.js';

/** `POST /api/v1/cooperatives/:id/loan-write-offs` */
export function loanWriteOffRoute(app: RouteApp): void {
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
}
