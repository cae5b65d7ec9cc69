import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { PilotPageSchema, presentPilotPage } from '../../presenters/pilots.js';
import { PageQuery, protectedErrors, RegionCodeParam } from '../../schemas.js';
import { type RouteApp } from './shared.js';

/** `GET /api/v1/pilots` */
export function pilotsRoute(app: RouteApp): void {
  app.get(
    '/api/v1/pilots',
    {
      schema: {
        tags: ['pilots'],
        summary: 'Pilots whose region overlaps the caller’s',
        querystring: Type.Object({ region: Type.Optional(RegionCodeParam), ...PageQuery }),
        response: { 200: PilotPageSchema, ...protectedErrors },
      },
    },
    async (request) => presentPilotPage(await access(request).pilots.list(request.query)),
  );
}
