import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../authentication.js';
import {
  HouseholdDetailSchema,
  HouseholdPageSchema,
  presentHouseholdDetail,
  presentHouseholdPage,
} from '../presenters/households.js';
import { IdParams, PageQuery, protectedErrors, RegionCodeParam } from '../schemas.js';

export const householdRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/households',
    {
      schema: {
        tags: ['households'],
        summary: 'Households in scope, filtered by region and decile (keyset pages)',
        querystring: Type.Object({
          region: Type.Optional(RegionCodeParam),
          decile: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
          ...PageQuery,
        }),
        response: { 200: HouseholdPageSchema, ...protectedErrors },
      },
    },
    async (request) => presentHouseholdPage(await access(request).households.list(request.query)),
  );
  app.get(
    '/api/v1/households/:id',
    {
      schema: {
        tags: ['households'],
        summary: 'One household with members, enrolments and cooperative memberships (read is audited)',
        params: IdParams,
        response: { 200: HouseholdDetailSchema, ...protectedErrors },
      },
    },
    async (request) => presentHouseholdDetail(await access(request).households.get(request.params.id)),
  );
  done();
};
