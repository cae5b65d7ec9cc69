import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../authentication.js';
import { BatchPageSchema, BatchSchema, presentBatch, presentBatchPage } from '../presenters/batches.js';
import { IdParams, PageQuery, protectedErrors } from '../schemas.js';

export const batchRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/source-batches',
    {
      schema: {
        tags: ['imports'],
        summary: 'Imported source files (national scope only)',
        querystring: Type.Object(PageQuery),
        response: { 200: BatchPageSchema, ...protectedErrors },
      },
    },
    async (request) => presentBatchPage(await access(request).batches.list(request.query)),
  );
  app.get(
    '/api/v1/source-batches/:id',
    {
      schema: { tags: ['imports'], params: IdParams, response: { 200: BatchSchema, ...protectedErrors } },
    },
    async (request) => presentBatch(await access(request).batches.get(request.params.id)),
  );
  done();
};
