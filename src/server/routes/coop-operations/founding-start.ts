import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { FoundingSchema, presentFounding } from '../../presenters/coop-operations.js';
import { RegionCodeParam } from '../../schemas.js';
import { Text, changeErrors, tags, type RouteApp } from './shared.js';

/** `POST /api/v1/cooperative-foundings` */
export function startFoundingRoute(app: RouteApp): void {
  app.post(
    '/api/v1/cooperative-foundings',
    {
      schema: {
        tags,
        summary: 'Open a founding checklist for a village no cooperative serves; needs cooperatives:manage',
        body: Type.Object({ village_code: RegionCodeParam, name: Text(200) }),
        response: { 201: FoundingSchema, ...changeErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          presentFounding(
            await access(request).coopOperations.startFounding(request.body.village_code, request.body.name),
          ),
        ),
  );
}
