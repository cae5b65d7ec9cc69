import { access } from '../../authentication.js';
import { BalanceSchema, presentBalance } from '../../presenters/pilots.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { type RouteApp } from './shared.js';

/** `GET /api/v1/pilots/:id/balance` */
export function balanceRoute(app: RouteApp): void {
  app.get(
    '/api/v1/pilots/:id/balance',
    {
      schema: {
        tags: ['pilots'],
        summary:
          'Balance table of the current draw: standardised mean differences of baseline covariates by arm (a matching: of the matched set, and before matching)',
        params: IdParams,
        response: { 200: BalanceSchema, ...protectedErrors },
      },
    },
    async (request) => presentBalance((await access(request).pilots.get(request.params.id)).randomization),
  );
}
