import { access } from '../../authentication.js';
import { FoundingSchema, presentFounding } from '../../presenters/coop-operations.js';
import { IdParams } from '../../schemas.js';
import { changeErrors, tags, type RouteApp } from './shared.js';

/** `POST /api/v1/cooperative-foundings/:id/register` */
export function registerFoundingRoute(app: RouteApp): void {
  app.post(
    '/api/v1/cooperative-foundings/:id/register',
    {
      schema: {
        tags,
        summary: 'Every step done: the cooperative enters the register; needs cooperatives:manage',
        params: IdParams,
        response: { 200: FoundingSchema, ...changeErrors },
      },
    },
    async (request) =>
      presentFounding(await access(request).coopOperations.registerFounding(request.params.id)),
  );
}
