import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { MemberStatementSchema, presentMemberStatement } from '../../presenters/coop-ledger.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { DateText, tags, type RouteApp } from './shared.js';

/** `GET /api/v1/cooperative-members/:id/statement` */
export function memberStatementRoute(app: RouteApp): void {
  app.get(
    '/api/v1/cooperative-members/:id/statement',
    {
      schema: {
        tags,
        summary: "A member's statement: savings and loans with running balances (audited)",
        params: IdParams,
        querystring: Type.Object({
          from: Type.Optional(DateText('first day')),
          to: Type.Optional(DateText('last day')),
        }),
        response: { 200: MemberStatementSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentMemberStatement(
        await access(request).coopLedger.memberStatement(request.params.id, request.query),
      ),
  );
}
