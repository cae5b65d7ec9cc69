import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { FollowupClosedSchema, presentFollowupClosed } from '../../presenters/coop-operations.js';
import { Id, IdParams } from '../../schemas.js';
import { DateText, changeErrors, tags, type RouteApp } from './shared.js';

/** `POST /api/v1/cooperatives/:id/followup-closures` */
export function followupClosuresRoute(app: RouteApp): void {
  app.post(
    '/api/v1/cooperatives/:id/followup-closures',
    {
      schema: {
        tags,
        summary: 'Close a mentoring follow-up (once); needs cooperatives:manage',
        params: IdParams,
        body: Type.Object({
          followup_id: Id(),
          closed_on: DateText('date it was done'),
          note: Type.String({ maxLength: 2000 }),
        }),
        response: { 200: FollowupClosedSchema, ...changeErrors },
      },
    },
    async (request) =>
      presentFollowupClosed(
        await access(request).coopOperations.closeFollowup(request.params.id, request.body.followup_id, {
          closedOn: request.body.closed_on,
          note: request.body.note,
        }),
      ),
  );
}
