import { Type } from 'typebox';
import { VISIT_OUTCOMES } from '../../../pilots/enrolment/visit-log.js';
import { access } from '../../authentication.js';
import { presentVisit, VisitSchema } from '../../presenters/pilots.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { IsoDate, type RouteApp } from './shared.js';

/** `POST /api/v1/enrolments/:id/visits` */
export function visitRoute(app: RouteApp): void {
  app.post(
    '/api/v1/enrolments/:id/visits',
    {
      schema: {
        tags: ['enrolment'],
        summary: 'Log a facilitator visit: date, outcome, next visit',
        params: IdParams,
        body: Type.Object({
          visited_on: IsoDate,
          outcome: Type.Union(VISIT_OUTCOMES.map((o) => Type.Literal(o))),
          next_visit_on: Type.Optional(IsoDate),
          note: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
        response: { 201: VisitSchema, ...protectedErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const visit = await access(request).enrolments.visit({
        enrolmentId: request.params.id,
        visitedOn: b.visited_on,
        outcome: b.outcome,
        nextVisitOn: b.next_visit_on,
        note: b.note,
      });
      return reply.code(201).send(presentVisit(visit));
    },
  );
}
