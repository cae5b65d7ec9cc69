import { access } from '../../authentication.js';
import { PilotDetailSchema, presentPilot } from '../../presenters/pilots.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { type RouteApp } from './shared.js';

/** `GET /api/v1/pilots/:id` */
export function pilotRoute(app: RouteApp): void {
  app.get(
    '/api/v1/pilots/:id',
    {
      schema: {
        tags: ['pilots'],
        summary: 'A pilot: design, waves, policy and its current draw',
        params: IdParams,
        response: { 200: PilotDetailSchema, ...protectedErrors },
      },
    },
    async (request) => presentPilot(await access(request).pilots.get(request.params.id)),
  );
}
