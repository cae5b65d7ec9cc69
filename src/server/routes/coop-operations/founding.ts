import { access } from '../../authentication.js';
import { FoundingSchema, presentFounding } from '../../presenters/coop-operations.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { tags, type RouteApp } from './shared.js';

/** `GET /api/v1/cooperative-foundings/:id` */
export function foundingRoute(app: RouteApp): void {
  app.get(
    '/api/v1/cooperative-foundings/:id',
    {
      schema: {
        tags,
        params: IdParams,
        response: { 200: FoundingSchema, ...protectedErrors },
      },
    },
    async (request) => presentFounding(await access(request).coopOperations.getFounding(request.params.id)),
  );
}
