import { Type } from 'typebox';
import { VersionConflictError } from '../../../pilots/enrolment/enrolment-service.js';
import { access } from '../../authentication.js';
import { errorBody } from '../../error-handler.js';
import { ConflictSchema, EnrolmentSchema, presentEnrolment } from '../../presenters/pilots.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { IsoDate, State, Meta, type RouteApp } from './shared.js';

/** `POST /api/v1/enrolments/:id/transitions` */
export function transitionRoute(app: RouteApp): void {
  app.post(
    '/api/v1/enrolments/:id/transitions',
    {
      schema: {
        tags: ['enrolment'],
        summary:
          'Move an enrolment to its next state (consent enforced; registration creates the membership); 409 with the current state when expected_version is stale',
        params: IdParams,
        body: Type.Object({
          to: State,
          expected_version: Type.Integer({ minimum: 1 }),
          member_no: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
          joined_on: Type.Optional(IsoDate),
          ...Meta,
        }),
        response: { 200: EnrolmentSchema, 409: ConflictSchema, ...protectedErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      try {
        return presentEnrolment(
          await access(request).enrolments.move({
            enrolmentId: request.params.id,
            to: b.to,
            expectedVersion: b.expected_version,
            memberNo: b.member_no,
            joinedOn: b.joined_on,
            facilitator: b.facilitator,
            place: b.place,
            note: b.note,
            occurredAt: b.occurred_at === undefined ? undefined : new Date(b.occurred_at),
          }),
        );
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        const body = errorBody('version_conflict', error.message, error.messageId);
        return reply.code(409).send({ ...body, current: presentEnrolment(error.current) });
      }
    },
  );
}
