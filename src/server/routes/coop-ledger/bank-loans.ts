import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { BankLoansSchema, presentBankLoans } from '../../presenters/coop-ledger.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { DateText, tags, type RouteApp } from './shared.js';

/** `GET /api/v1/cooperatives/:id/bank-loans` */
export function bankLoansRoute(app: RouteApp): void {
  app.get(
    '/api/v1/cooperatives/:id/bank-loans',
    {
      schema: {
        tags,
        summary: "The cooperative's own bank loans (e.g. Himbara) with their position on a date",
        params: IdParams,
        querystring: Type.Object({ as_of: Type.Optional(DateText('position date, default today')) }),
        response: { 200: BankLoansSchema, ...protectedErrors },
      },
    },
    async (request) => {
      const asOf = request.query.as_of ?? new Date().toISOString().slice(0, 10);
      return presentBankLoans(asOf, await access(request).coopLedger.bankLoans(request.params.id, asOf));
    },
  );
}
