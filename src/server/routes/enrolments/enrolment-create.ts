import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { EnrolmentSchema, presentEnrolment } from '../../presenters/pilots.js';
import { protectedErrors } from '../../schemas.js';
import { Id, Meta, type RouteApp } from './shared.js';

/** `POST /api/v1/enrolments` */
export function createEnrolmentRoute(app: RouteApp): void {
  app.post(
    '/api/v1/enrolments',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'Enrol a person of an open treatment cluster (a control cluster is refused with the reason)',
        body: Type.Object({ pilot_id: Id, person_id: Id, ...Meta }),
        response: { 201: EnrolmentSchema, ...protectedErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const e = await access(request).enrolments.add({
        pilotId: b.pilot_id,
        personId: b.person_id,
        facilitator: b.facilitator,
        place: b.place,
        note: b.note,
        occurredAt: b.occurred_at === undefined ? undefined : new Date(b.occurred_at),
      });
      return reply.code(201).send(presentEnrolment(e));
    },
  );
}
