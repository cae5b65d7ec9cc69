import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PILOT_METHODS, PILOT_OUTCOMES } from '../../evaluation/pilot-impact.js';
import { renderPilotReportPdf, renderPilotReportXlsx } from '../../pilots/evaluation/evaluation-report.js';
import { access } from '../authentication.js';
import { PilotEvaluationSchema, presentPilotEvaluation } from '../presenters/pilot-evaluation.js';
import { IdParams, protectedErrors } from '../schemas.js';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const EvaluationQuery = {
  outcome: Type.Optional(
    Type.Union(
      PILOT_OUTCOMES.map((o) => Type.Literal(o)),
      { description: 'one outcome; default welfare_z, welfare_index, decile_1_2 and member' },
    ),
  ),
  method: Type.Optional(Type.Union(PILOT_METHODS.map((m) => Type.Literal(m)))),
  baseline: Type.Optional(IsoDate),
  followup: Type.Optional(IsoDate),
  seed: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,40}$' })),
};

/** A pilot's impact estimates (what `entas evaluate pilot` prints), through the scoped access layer. */
export const pilotEvaluationRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/pilots/:id/evaluation',
    {
      schema: {
        tags: ['pilots'],
        summary:
          'Impact estimates of a pilot from DTSEN snapshots (ITT with CR1 by cluster, DiD or Callaway–Sant’Anna); needs a scope containing the pilot’s region',
        params: IdParams,
        querystring: Type.Object(EvaluationQuery),
        response: { 200: PilotEvaluationSchema, ...protectedErrors },
      },
    },
    async (request) => {
      const q = request.query;
      return presentPilotEvaluation(
        await access(request).pilotEvaluations.evaluate(request.params.id, {
          outcomes: q.outcome === undefined ? undefined : [q.outcome],
          method: q.method,
          baseline: q.baseline,
          followup: q.followup,
          seed: q.seed,
        }),
      );
    },
  );
  for (const format of ['pdf', 'xlsx'] as const)
    app.get(
      `/api/v1/pilots/:id/evaluation.${format}`,
      {
        schema: {
          tags: ['pilots'],
          summary: `The pilot's evaluation report as ${format === 'pdf' ? 'PDF (estimates, interval chart, means by arm, notes)' : 'XLSX (estimates, means by arm, notes)'}, in Bahasa Indonesia with English (lang=en: English first)`,
          params: IdParams,
          querystring: Type.Object({
            ...EvaluationQuery,
            lang: Type.Optional(Type.Union([Type.Literal('id'), Type.Literal('en')])),
          }),
          produces: [
            format === 'pdf'
              ? 'application/pdf'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          ],
          response: { ...protectedErrors },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const evaluation = await access(request).pilotEvaluations.evaluate(request.params.id, {
          outcomes: q.outcome === undefined ? undefined : [q.outcome],
          method: q.method,
          baseline: q.baseline,
          followup: q.followup,
          seed: q.seed,
          report: format,
        });
        const monitoring = await access(request).pilotEvaluations.monitoring(request.params.id);
        const options = { lang: q.lang ?? 'id', generatedAt: new Date() };
        const input = { ...evaluation, monitoring };
        const file =
          format === 'pdf'
            ? await renderPilotReportPdf(input, options)
            : await renderPilotReportXlsx(input, options);
        return reply
          .type(
            format === 'pdf'
              ? 'application/pdf'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          )
          .header(
            'content-disposition',
            `attachment; filename="evaluasi-uji-coba-${request.params.id}.${format}"`,
          )
          .send(file);
      },
    );
  done();
};
