import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { HealthSchema, presentHealth } from '../../presenters/coop-operations.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { DateText, tags, type RouteApp } from './shared.js';

/** `GET /api/v1/cooperatives/:id/health` */
export function healthRoute(app: RouteApp): void {
  app.get(
    '/api/v1/cooperatives/:id/health',
    {
      schema: {
        tags,
        summary: 'Health score 0–100 with its seven components (formula in docs/FINANCE.md)',
        params: IdParams,
        querystring: Type.Object({ as_of: Type.Optional(DateText('default today')) }),
        response: { 200: HealthSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentHealth(
        request.params.id,
        await access(request).coopOperations.health(request.params.id, request.query.as_of),
      ),
  );
}
