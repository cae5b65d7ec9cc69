import { access } from '../../authentication.js';
import { presentSavingsBalances, SavingsBalancesSchema } from '../../presenters/coop-ledger.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { tags, type RouteApp } from './shared.js';

/** `GET /api/v1/cooperatives/:id/savings` */
export function savingsBalancesRoute(app: RouteApp): void {
  app.get(
    '/api/v1/cooperatives/:id/savings',
    {
      schema: {
        tags,
        summary: 'Savings balances per member (audited)',
        params: IdParams,
        response: { 200: SavingsBalancesSchema, ...protectedErrors },
      },
    },
    async (request) => presentSavingsBalances(await access(request).coopLedger.savings(request.params.id)),
  );
}
