import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { FinancialStatementsSchema, presentFinancialStatements } from '../../presenters/coop-ledger.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { DateText, tags, type RouteApp } from './shared.js';

/** `GET /api/v1/cooperatives/:id/financial-statements` */
export function financialStatementsRoute(app: RouteApp): void {
  app.get(
    '/api/v1/cooperatives/:id/financial-statements',
    {
      schema: {
        tags,
        summary: 'Balance sheet at `to` and income statement of `from`…`to` (default: this calendar year)',
        params: IdParams,
        querystring: Type.Object({
          from: Type.Optional(DateText('first day')),
          to: Type.Optional(DateText('last day')),
        }),
        response: { 200: FinancialStatementsSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentFinancialStatements(
        await access(request).coopLedger.financialStatements(
          request.params.id,
          request.query.from,
          request.query.to,
        ),
      ),
  );
}
