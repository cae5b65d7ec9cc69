import { access } from '../../authentication.js';
import { presentTrialBalance, TrialBalanceSchema } from '../../presenters/coop-ledger.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { tags, type RouteApp } from './shared.js';

/** `GET /api/v1/cooperatives/:id/trial-balance` */
export function trialBalanceRoute(app: RouteApp): void {
  app.get(
    '/api/v1/cooperatives/:id/trial-balance',
    { schema: { tags, params: IdParams, response: { 200: TrialBalanceSchema, ...protectedErrors } } },
    async (request) => presentTrialBalance(await access(request).coopLedger.trialBalance(request.params.id)),
  );
}
