import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { presentRegisterCheck, RegisterCheckSchema } from '../../presenters/coop-operations.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { DateText, tags, type RouteApp } from './shared.js';

/** `GET /api/v1/cooperatives/:id/register-check` */
export function registerCheckRoute(app: RouteApp): void {
  app.get(
    '/api/v1/cooperatives/:id/register-check',
    {
      schema: {
        tags,
        summary:
          "The registrar's checks: business units, current officers, errors (even pengurus, pengurus also pengawas, …) and warnings (shared family card)",
        params: IdParams,
        querystring: Type.Object({ as_of: Type.Optional(DateText('default today')) }),
        response: { 200: RegisterCheckSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentRegisterCheck(
        await access(request).coopOperations.registerCheck(request.params.id, request.query.as_of),
      ),
  );
}
