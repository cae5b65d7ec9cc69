import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../authentication.js';
import {
  IndicatorChildrenSchema,
  IndicatorSchema,
  presentChildren,
  IndicatorValuesSchema,
  presentIndicator,
  presentReading,
} from '../presenters/indicators.js';
import { protectedErrors, RegionCodeParam } from '../schemas.js';

export const indicatorRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/indicators',
    {
      schema: {
        tags: ['indicators'],
        summary: 'Indicator definitions with their stored version and freshness (as `entas indicators list`)',
        response: { 200: Type.Object({ items: Type.Array(IndicatorSchema) }), ...protectedErrors },
      },
    },
    async (request) => ({ items: (await access(request).indicators.list()).map(presentIndicator) }),
  );
  app.get(
    '/api/v1/indicators/values',
    {
      schema: {
        tags: ['indicators'],
        summary:
          'Values of one indicator at a region node of your scope, or its children (as `entas indicators show`)',
        querystring: Type.Object({
          indicator: Type.String({ pattern: '^[a-z][a-z0-9_]{1,62}$' }),
          region: Type.Optional(RegionCodeParam),
          period: Type.Optional(Type.String({ pattern: '^[0-9]{4}(-[0-9]{2}|-?[Qq][1-4])?$' })),
          by: Type.Optional(Type.String({ pattern: '^[a-z_]{1,30}$', description: 'disaggregation' })),
          children: Type.Optional(Type.Boolean({ description: 'the children of the region (drill-down)' })),
        }),
        response: { 200: IndicatorValuesSchema, ...protectedErrors },
      },
    },
    async (request) => {
      const q = request.query;
      return presentReading(
        await access(request).indicators.values({
          indicator: q.indicator,
          region: q.region,
          period: q.period,
          disaggregation: q.by,
          children: q.children,
        }),
      );
    },
  );
  app.get(
    '/api/v1/indicators/:indicator/children',
    {
      schema: {
        tags: ['indicators'],
        summary:
          'One indicator at a region node of your scope and at ALL its children in one request (dashboard first load, drill-down)',
        params: Type.Object({ indicator: Type.String({ pattern: '^[a-z][a-z0-9_]{1,62}$' }) }),
        querystring: Type.Object({
          region: Type.Optional(RegionCodeParam),
          period: Type.Optional(
            Type.String({
              pattern: '^[0-9]{4}(-[0-9]{2}|-?[Qq][1-4])?$',
              description: "YYYY-MM, YYYYQn or YYYY; default: the node's latest period",
            }),
          ),
          by: Type.Optional(Type.String({ pattern: '^[a-z_]{1,30}$', description: 'disaggregation' })),
        }),
        response: { 200: IndicatorChildrenSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentChildren(
        await access(request).indicators.children({
          indicator: request.params.indicator,
          region: request.query.region,
          period: request.query.period,
          disaggregation: request.query.by,
        }),
      ),
  );
  done();
};
