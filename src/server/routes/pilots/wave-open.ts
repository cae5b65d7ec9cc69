import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { WaveOpenedSchema } from '../../presenters/pilots.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { type RouteApp } from './shared.js';

/** `POST /api/v1/pilots/:id/waves/open` */
export function openWaveRoute(app: RouteApp): void {
  app.post(
    '/api/v1/pilots/:id/waves/open',
    {
      schema: {
        tags: ['pilots'],
        summary: 'Open a wave: identify the member-treatment households of its treatment clusters',
        params: IdParams,
        body: Type.Object({ wave_no: Type.Integer({ minimum: 1, maximum: 100 }) }),
        response: { 200: WaveOpenedSchema, ...protectedErrors },
      },
    },
    async (request) => access(request).pilots.openWave(request.params.id, request.body.wave_no),
  );
}
