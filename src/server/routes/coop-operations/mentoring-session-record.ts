import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { presentSessionCreated, SessionCreatedSchema } from '../../presenters/coop-operations.js';
import { IdParams } from '../../schemas.js';
import { DateText, Text, changeErrors, tags, type RouteApp } from './shared.js';

/** `POST /api/v1/cooperatives/:id/mentoring-sessions` */
export function recordMentoringSessionRoute(app: RouteApp): void {
  app.post(
    '/api/v1/cooperatives/:id/mentoring-sessions',
    {
      schema: {
        tags,
        summary: 'Record a mentoring session with its findings and follow-ups due; needs cooperatives:manage',
        params: IdParams,
        body: Type.Object({
          held_on: DateText('date of the session'),
          mentor: Text(200),
          topic: Text(200),
          attendees: Type.Array(Text(200), { maxItems: 200 }),
          findings: Type.String({ maxLength: 5000 }),
          followups: Type.Array(Type.Object({ action: Text(500), due_on: DateText('due date') }), {
            maxItems: 50,
          }),
        }),
        response: { 201: SessionCreatedSchema, ...changeErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const r = await access(request).coopOperations.recordSession(request.params.id, {
        heldOn: b.held_on,
        mentor: b.mentor,
        topic: b.topic,
        attendees: b.attendees,
        findings: b.findings,
        followups: b.followups.map((f) => ({ action: f.action, dueOn: f.due_on })),
      });
      return reply.code(201).send(presentSessionCreated(r));
    },
  );
}
