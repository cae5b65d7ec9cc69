import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { FoundingPageSchema, presentFoundingPage } from '../../presenters/coop-operations.js';
import { PageQuery, protectedErrors, RegionCodeParam } from '../../schemas.js';
import { tags, type RouteApp } from './shared.js';

/** `GET /api/v1/cooperative-foundings` */
export function foundingsRoute(app: RouteApp): void {
  app.get(
    '/api/v1/cooperative-foundings',
    {
      schema: {
        tags,
        summary: 'Founding checklists of community cooperatives',
        querystring: Type.Object({ region: Type.Optional(RegionCodeParam), ...PageQuery }),
        response: { 200: FoundingPageSchema, ...protectedErrors },
      },
    },
    async (request) => presentFoundingPage(await access(request).coopOperations.foundings(request.query)),
  );
}
