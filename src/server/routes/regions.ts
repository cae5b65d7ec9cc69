import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../authentication.js';
import {
  HouseholdIndicatorsSchema,
  presentHouseholdIndicators,
  presentRegion,
  RegionSchema,
} from '../presenters/regions.js';
import { protectedErrors, RegionCodeParam } from '../schemas.js';

export const regionRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/regions',
    {
      schema: {
        tags: ['regions'],
        summary: 'Children of a region in scope; without parent, the top of your scope',
        querystring: Type.Object({ parent: Type.Optional(RegionCodeParam) }),
        response: { 200: Type.Object({ items: Type.Array(RegionSchema) }), ...protectedErrors },
      },
    },
    async (request) => ({
      items: (await access(request).regions.children(request.query.parent)).map(presentRegion),
    }),
  );
  app.get(
    '/api/v1/regions/:code',
    {
      schema: {
        tags: ['regions'],
        params: Type.Object({ code: RegionCodeParam }),
        response: { 200: RegionSchema, ...protectedErrors },
      },
    },
    async (request) => presentRegion(await access(request).regions.get(request.params.code)),
  );
  app.get(
    '/api/v1/indicators/households',
    {
      schema: {
        tags: ['indicators'],
        summary: 'Households by DTSEN decile inside a region (only what your scope covers)',
        querystring: Type.Object({ region: RegionCodeParam }),
        response: { 200: HouseholdIndicatorsSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentHouseholdIndicators(await access(request).regions.householdIndicators(request.query.region)),
  );
  app.get(
    '/api/v1/indicators/households/children',
    {
      schema: {
        tags: ['indicators'],
        summary:
          'Households by DTSEN decile for each child of a region (without parent: the top of your scope), in one request',
        querystring: Type.Object({ parent: Type.Optional(RegionCodeParam) }),
        response: { 200: Type.Object({ items: Type.Array(HouseholdIndicatorsSchema) }), ...protectedErrors },
      },
    },
    async (request) => ({
      items: (await access(request).regions.childHouseholdIndicators(request.query.parent)).map(
        presentHouseholdIndicators,
      ),
    }),
  );
  done();
};
