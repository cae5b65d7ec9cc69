import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { presentRandomization, RandomizationSchema } from '../../presenters/pilots.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { type RouteApp } from './shared.js';

/** `POST /api/v1/pilots/:id/randomize` */
export function randomizeRoute(app: RouteApp): void {
  app.post(
    '/api/v1/pilots/:id/randomize',
    {
      schema: {
        tags: ['pilots'],
        summary:
          'Draw a (draft) assignment from a seed; after publication a new draw needs a reason and supersedes it',
        params: IdParams,
        body: Type.Object({
          seed: Type.String({ pattern: '^\\d{1,15}$' }),
          reason: Type.Optional(Type.String({ minLength: 3, maxLength: 2000 })),
        }),
        response: { 201: RandomizationSchema, ...protectedErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(presentRandomization(await access(request).pilots.randomize(request.params.id, request.body))),
  );
}
