import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { MentoringSessionsSchema, presentSessions } from '../../presenters/coop-operations.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { DateText, tags, type RouteApp } from './shared.js';

/** `GET /api/v1/cooperatives/:id/mentoring-sessions` */
export function mentoringSessionsRoute(app: RouteApp): void {
  app.get(
    '/api/v1/cooperatives/:id/mentoring-sessions',
    {
      schema: {
        tags,
        summary:
          'Mentoring sessions (pendampingan manajemen) with their follow-ups (names attendees; audited)',
        params: IdParams,
        querystring: Type.Object({
          from: Type.Optional(DateText('first day')),
          to: Type.Optional(DateText('last day')),
        }),
        response: { 200: MentoringSessionsSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentSessions(
        request.params.id,
        await access(request).coopOperations.sessions(request.params.id, request.query),
      ),
  );
}
