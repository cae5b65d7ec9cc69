import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { presentWorkList, WorkListSchema } from '../../presenters/pilots.js';
import { protectedErrors, RegionCodeParam } from '../../schemas.js';
import { Id, type RouteApp } from './shared.js';

/** `GET /api/v1/work-list` */
export function workListRoute(app: RouteApp): void {
  app.get(
    '/api/v1/work-list',
    {
      schema: {
        tags: ['enrolment'],
        summary:
          'The caller’s work list: open enrolments of their villages with the next step (consent withdrawn: never listed)',
        querystring: Type.Object({ pilot_id: Type.Optional(Id), region: Type.Optional(RegionCodeParam) }),
        response: { 200: WorkListSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentWorkList(
        await access(request).enrolments.workList({
          pilotId: request.query.pilot_id,
          region: request.query.region,
        }),
      ),
  );
}
