import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { EnrolmentFunnelSchema, presentEnrolmentFunnel } from '../../presenters/pilots.js';
import { protectedErrors, RegionCodeParam } from '../../schemas.js';
import { Id, type RouteApp } from './shared.js';

/** `GET /api/v1/enrolment-funnel` */
export function enrolmentFunnelRoute(app: RouteApp): void {
  app.get(
    '/api/v1/enrolment-funnel',
    {
      schema: {
        tags: ['enrolment'],
        summary:
          'The enrolment funnel of the caller’s scope, or of a region or pilot in it: each step reached (with its share of those identified) and the side exits now; counts only',
        querystring: Type.Object({
          pilot_id: Type.Optional(Id),
          region: Type.Optional(RegionCodeParam),
        }),
        response: { 200: EnrolmentFunnelSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentEnrolmentFunnel(
        await access(request).enrolments.funnel({
          pilotId: request.query.pilot_id,
          region: request.query.region,
        }),
      ),
  );
}
