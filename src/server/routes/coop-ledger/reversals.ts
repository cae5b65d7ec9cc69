import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { PostResultSchema, presentPost } from '../../presenters/coop-ledger.js';
import { Id, IdParams } from '../../schemas.js';
import { IdempotencyHeaders, PostBase, postErrors, tags, type RouteApp } from './shared.js';

/** `POST /api/v1/cooperatives/:id/reversals` */
export function reversalRoute(app: RouteApp): void {
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
}
