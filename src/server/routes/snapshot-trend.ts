import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../authentication.js';
import { presentSnapshotTrend, SnapshotTrendSchema } from '../presenters/snapshot-trend.js';
import { protectedErrors, RegionCodeParam } from '../schemas.js';

/** The overview's trend: households by decile in each DTSEN snapshot (scope and permission in the access layer). */
export const snapshotTrendRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/indicators/households/snapshots',
    {
      schema: {
        tags: ['indicators'],
        summary:
          'Households by DTSEN decile in each stored snapshot, oldest first, inside a region or your whole scope',
        querystring: Type.Object({ region: Type.Optional(RegionCodeParam) }),
        response: { 200: SnapshotTrendSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentSnapshotTrend(await access(request).regions.snapshotTrend(request.query.region)),
  );
  done();
};
