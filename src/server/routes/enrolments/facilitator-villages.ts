import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { FacilitatorVillageSchema } from '../../presenters/pilots.js';
import { IdParams, protectedErrors, RegionCodeParam } from '../../schemas.js';
import { type RouteApp } from './shared.js';

/** `POST /api/v1/facilitators/:id/villages` */
export function facilitatorVillagesRoute(app: RouteApp): void {
  app.post(
    '/api/v1/facilitators/:id/villages',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'Assign a pendamping (user id) to a village of their regions',
        params: IdParams,
        body: Type.Object({ village_code: RegionCodeParam }),
        response: { 201: FacilitatorVillageSchema, ...protectedErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await access(request).enrolments.assignFacilitator(request.params.id, request.body.village_code),
        ),
  );
}
