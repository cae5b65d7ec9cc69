import { access } from '../../authentication.js';
import { presentRandomization, RandomizationSchema } from '../../presenters/pilots.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { type RouteApp } from './shared.js';

/** `POST /api/v1/pilots/:id/publish` */
export function publishRoute(app: RouteApp): void {
  app.post(
    '/api/v1/pilots/:id/publish',
    {
      schema: {
        tags: ['pilots'],
        summary: 'Publish the draft draw: the assignment becomes binding and immutable',
        params: IdParams,
        response: { 200: RandomizationSchema, ...protectedErrors },
      },
    },
    async (request) => presentRandomization(await access(request).pilots.publish(request.params.id)),
  );
}
