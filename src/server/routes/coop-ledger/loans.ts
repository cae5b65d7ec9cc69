import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { PortfolioSchema, presentPortfolio } from '../../presenters/coop-ledger.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { DateText, tags, type RouteApp } from './shared.js';

/** `GET /api/v1/cooperatives/:id/loans` */
export function loanPortfolioRoute(app: RouteApp): void {
  app.get(
    '/api/v1/cooperatives/:id/loans',
    {
      schema: {
        tags,
        summary: 'Loan portfolio with arrears, days past due, PAR30 and PAR90 (audited)',
        params: IdParams,
        querystring: Type.Object({ as_of: Type.Optional(DateText('default today')) }),
        response: { 200: PortfolioSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentPortfolio(await access(request).coopLedger.portfolio(request.params.id, request.query.as_of)),
  );
}
