import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../authentication.js';
import { IdParams, Nullable, protectedErrors } from '../schemas.js';

const RunSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  left_source: Type.String(),
  right_source: Nullable(Type.String()),
  candidate_pairs: Type.Integer(),
  matches: Type.Integer(),
  review: Type.Integer(),
  finished_at: Type.String({ format: 'date-time' }),
  run_by: Nullable(Type.String()),
});

const PairSchema = Type.Object({
  left_key: Type.String(),
  right_key: Type.String(),
  match_probability: Type.Number(),
  explanation: Type.Record(Type.String(), Type.Number()),
});

export const linkageRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/linkage/runs',
    {
      schema: {
        tags: ['linkage'],
        response: { 200: Type.Object({ items: Type.Array(RunSchema) }), ...protectedErrors },
      },
    },
    async (request) => ({
      items: (await access(request).linkage.runs()).map((r) => ({
        id: r.id,
        kind: r.kind,
        left_source: r.left_source,
        right_source: r.right_source,
        candidate_pairs: r.candidate_pairs,
        matches: r.matches,
        review: r.review,
        finished_at: r.finished_at.toISOString(),
        run_by: r.run_by,
      })),
    }),
  );
  app.get(
    '/api/v1/linkage/runs/:id/review',
    {
      schema: {
        tags: ['linkage'],
        summary: 'Pairs of a run still waiting for a clerical decision, most likely matches first',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(PairSchema) }), ...protectedErrors },
      },
    },
    async (request) => ({
      items: (await access(request).linkage.openReview(request.params.id)).map((p) => ({
        left_key: p.leftKey,
        right_key: p.rightKey,
        match_probability: p.probability,
        explanation: p.explanation,
      })),
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
