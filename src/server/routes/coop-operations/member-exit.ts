import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { ExitSchema, presentExit } from '../../presenters/coop-operations.js';
import { IdParams } from '../../schemas.js';
import { DateText, changeErrors, tags, type RouteApp } from './shared.js';

/** `POST /api/v1/cooperative-members/:id/exit` */
export function memberExitRoute(app: RouteApp): void {
  app.post(
    '/api/v1/cooperative-members/:id/exit',
    {
      schema: {
        tags,
        summary:
          'A member leaves: pokok, wajib and sukarela are refunded in one entry and the history kept; needs ledger:post and an Idempotency-Key',
        params: IdParams,
        headers: Type.Object({
          'idempotency-key': Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' }),
        }),
        body: Type.Object({
          date: DateText('exit date'),
          memo: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: { 200: ExitSchema, 201: ExitSchema, ...changeErrors },
      },
    },
    async (request, reply) => {
      const r = await access(request).coopOperations.memberExit(request.params.id, {
        idempotencyKey: request.headers['idempotency-key'],
        date: request.body.date,
        memo: request.body.memo,
      });
      return reply.code(r.replayed ? 200 : 201).send(presentExit(r));
    },
  );
}
