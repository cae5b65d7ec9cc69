import { access } from '../../authentication.js';
import { MemberHistorySchema, presentMemberHistory } from '../../presenters/coop-operations.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { tags, type RouteApp } from './shared.js';

/** `GET /api/v1/cooperative-members/:id/history` */
export function memberHistoryRoute(app: RouteApp): void {
  app.get(
    '/api/v1/cooperative-members/:id/history',
    {
      schema: {
        tags,
        summary: "A member's history: joining, leaving with the refund entry (audited)",
        params: IdParams,
        response: { 200: MemberHistorySchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentMemberHistory(await access(request).coopOperations.memberHistory(request.params.id)),
  );
}
