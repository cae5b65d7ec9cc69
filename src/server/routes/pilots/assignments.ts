import { access } from '../../authentication.js';
import { AssignmentsSchema, presentAssignments } from '../../presenters/pilots.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { type RouteApp } from './shared.js';

/** `GET /api/v1/pilots/:id/assignments` */
export function assignmentsRoute(app: RouteApp): void {
  app.get(
    '/api/v1/pilots/:id/assignments',
    {
      schema: {
        tags: ['pilots'],
        summary: 'The current draw’s assignment of the clusters inside the caller’s scope',
        params: IdParams,
        response: { 200: AssignmentsSchema, ...protectedErrors },
      },
    },
    async (request) => presentAssignments(await access(request).pilots.assignments(request.params.id)),
  );
}
