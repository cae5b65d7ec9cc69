import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../authentication.js';
import { presentReviewPair, presentRun, ReviewPairSchema, RunSchema } from '../presenters/linkage.js';
import { IdParams, protectedErrors } from '../schemas.js';

export const linkageRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/linkage/runs',
    {
      schema: {
        tags: ['linkage'],
        response: { 200: Type.Object({ items: Type.Array(RunSchema) }), ...protectedErrors },
      },
    },
    async (request) => ({ items: (await access(request).linkage.runs()).map(presentRun) }),
  );
  app.get(
    '/api/v1/linkage/runs/:id/review',
    {
      schema: {
        tags: ['linkage'],
        summary:
          'Pairs of a run still waiting for a clerical decision, most likely matches first, with both records side by side (identifiers masked unless pii:read and X-Purpose)',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(ReviewPairSchema) }), ...protectedErrors },
      },
    },
    async (request) => ({
      items: (await access(request).linkage.openReview(request.params.id)).map(presentReviewPair),
    }),
  );
  app.post(
    '/api/v1/linkage/runs/:id/review',
    {
      schema: {
        tags: ['linkage'],
        summary: 'Accept (match) or reject (non_match) a pair; later runs reuse the decision (audited)',
        params: IdParams,
        body: Type.Object({
          left_key: Type.String({ minLength: 1, maxLength: 200 }),
          right_key: Type.String({ minLength: 1, maxLength: 200 }),
          decision: Type.Union([Type.Literal('match'), Type.Literal('non_match')]),
          note: Type.Optional(Type.String({ maxLength: 1000 })),
        }),
        response: { 200: Type.Object({ decided: Type.Boolean() }), ...protectedErrors },
      },
    },
    async (request) => {
      const b = request.body;
      await access(request).linkage.decide(request.params.id, {
        leftKey: b.left_key,
        rightKey: b.right_key,
        decision: b.decision,
        note: b.note,
      });
      return { decided: true };
    },
  );
  done();
};
