import { Type } from 'typebox';
import { SAVINGS_PRODUCTS } from '../../../cooperatives/ledger/chart.js';
import { access } from '../../authentication.js';
import { PostResultSchema, presentPost } from '../../presenters/coop-ledger.js';
import { Id, IdParams } from '../../schemas.js';
import { Amount, IdempotencyHeaders, PostBase, postErrors, tags, type RouteApp } from './shared.js';

/** `POST /api/v1/cooperatives/:id/savings-transactions` */
export function savingsTransactionRoute(app: RouteApp): void {
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
}
