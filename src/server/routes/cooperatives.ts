import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../authentication.js';
import {
  CooperativeDetailSchema,
  CooperativePageSchema,
  MemberPageSchema,
  presentCooperativeDetail,
  presentCooperativePage,
  presentMemberPage,
} from '../presenters/cooperatives.js';
import { IdParams, PageQuery, protectedErrors, RegionCodeParam } from '../schemas.js';

export const cooperativeRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/cooperatives',
    {
      schema: {
        tags: ['cooperatives'],
        querystring: Type.Object({ region: Type.Optional(RegionCodeParam), ...PageQuery }),
        response: { 200: CooperativePageSchema, ...protectedErrors },
      },
    },
    async (request) => presentCooperativePage(await access(request).cooperatives.list(request.query)),
  );
  app.get(
    '/api/v1/cooperatives/:id',
    {
      schema: {
        tags: ['cooperatives'],
        params: IdParams,
        response: { 200: CooperativeDetailSchema, ...protectedErrors },
      },
    },
    async (request) => presentCooperativeDetail(await access(request).cooperatives.get(request.params.id)),
  );
  app.get(
    '/api/v1/cooperatives/:id/members',
    {
      schema: {
        tags: ['cooperatives'],
        summary: 'Members of a cooperative (NIK masked unless pii:read + X-Purpose; audited)',
        params: IdParams,
        querystring: Type.Object(PageQuery),
        response: { 200: MemberPageSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentMemberPage(await access(request).cooperatives.members(request.params.id, request.query)),
  );
  done();
};
