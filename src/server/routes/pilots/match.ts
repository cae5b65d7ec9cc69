import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { presentRandomization, RandomizationSchema } from '../../presenters/pilots.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { type RouteApp } from './shared.js';

/** `POST /api/v1/pilots/:id/match` */
export function matchRoute(app: RouteApp): void {
  app.post(
    '/api/v1/pilots/:id/match',
    {
      schema: {
        tags: ['pilots'],
        summary:
          'Non-randomised pilot: match a comparison cluster to each treated cluster (nearest neighbour on standardised baseline covariates within strata, without replacement); a draft like a draw',
        params: IdParams,
        body: Type.Object({
          treated: Type.Array(
            Type.Object({
              cluster: Type.String({ minLength: 1, maxLength: 60 }),
              wave_no: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            }),
            { minItems: 1, maxItems: 5000 },
          ),
          reason: Type.Optional(Type.String({ minLength: 3, maxLength: 2000 })),
        }),
        response: { 201: RandomizationSchema, ...protectedErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        presentRandomization(
          await access(request).pilots.match(request.params.id, {
            treated: request.body.treated.map((t) => ({ cluster: t.cluster, wave: t.wave_no })),
            reason: request.body.reason,
          }),
        ),
      ),
  );
}
