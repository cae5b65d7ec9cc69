import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { EnrolmentPageSchema, presentEnrolmentPage } from '../../presenters/pilots.js';
import { PageQuery, protectedErrors, RegionCodeParam } from '../../schemas.js';
import { Id, State, type RouteApp } from './shared.js';

/** `GET /api/v1/enrolments` */
export function enrolmentsRoute(app: RouteApp): void {
  app.get(
    '/api/v1/enrolments',
    {
      schema: {
        tags: ['enrolment'],
        summary:
          'Enrolments in scope (assigned villages for a pendamping, own cooperative for a coop_officer)',
        querystring: Type.Object({
          pilot_id: Type.Optional(Id),
          state: Type.Optional(State),
          region: Type.Optional(RegionCodeParam),
          ...PageQuery,
        }),
        response: { 200: EnrolmentPageSchema, ...protectedErrors },
      },
    },
    async (request) => {
      const q = request.query;
      return presentEnrolmentPage(
        await access(request).enrolments.list({
          pilotId: q.pilot_id,
          state: q.state,
          region: q.region,
          limit: q.limit,
          cursor: q.cursor,
        }),
      );
    },
  );
}
