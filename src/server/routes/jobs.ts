import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../authentication.js';
import { JobDetailSchema, JobListSchema, presentJobDetail, presentJobList } from '../presenters/jobs.js';
import { IdParams, protectedErrors } from '../schemas.js';

const JobQuery = Type.Object({
  state: Type.Optional(
    Type.Union([
      Type.Literal('queued'),
      Type.Literal('running'),
      Type.Literal('done'),
      Type.Literal('failed'),
      Type.Literal('cancelled'),
    ]),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

const SubmitBody = Type.Object(
  {
    kind: Type.Union(
      [
        Type.Literal('indicator-refresh'),
        Type.Literal('policy-simulate'),
        Type.Literal('policy-apply'),
        Type.Literal('link-run'),
        Type.Literal('targeting-report'),
      ],
      { description: 'what to run; each kind needs the permission of the same work done directly' },
    ),
    params: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description:
          'indicator-refresh: ids; policy-simulate: policy_text, provinces; policy-apply: policy_text, effective, provinces; link-run: source, provinces; targeting-report: program, provinces',
      }),
    ),
  },
  { additionalProperties: false },
);

export const jobRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.post(
    '/api/v1/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary:
          'Plan and queue a job split by province (national scope; as `entas jobs submit --detach`); workers run it',
        body: SubmitBody,
        response: { 201: JobDetailSchema, ...protectedErrors },
      },
    },
    async (request, reply) => {
      const detail = await access(request).jobs.submit(request.body.kind, request.body.params ?? {});
      return reply.code(201).send(presentJobDetail(detail));
    },
  );
  app.get(
    '/api/v1/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary:
          'Batch jobs, newest first, with parts done and progress (national scope only; as `entas jobs list`)',
        querystring: JobQuery,
        response: { 200: JobListSchema, ...protectedErrors },
      },
    },
    async (request) => {
      const jobs = access(request).jobs;
      return presentJobList(await jobs.list(request.query), jobs.submittable());
    },
  );
  app.get(
    '/api/v1/jobs/:id',
    {
      schema: {
        tags: ['jobs'],
        summary: 'One job: its parts (one per province, then job-wide stages) and, once done, its result',
        params: IdParams,
        response: { 200: JobDetailSchema, ...protectedErrors },
      },
    },
    async (request) => presentJobDetail(await access(request).jobs.get(request.params.id)),
  );
  app.post(
    '/api/v1/jobs/:id/cancel',
    {
      schema: {
        tags: ['jobs'],
        summary: 'Cancel a queued or running job; running parts stop at their next checkpoint (audited)',
        params: IdParams,
        response: { 200: JobDetailSchema, ...protectedErrors },
      },
    },
    async (request) => presentJobDetail(await access(request).jobs.cancel(request.params.id)),
  );
  app.post(
    '/api/v1/jobs/:id/retry',
    {
      schema: {
        tags: ['jobs'],
        summary:
          'Queue a failed or cancelled job again for the workers; parts already done are kept (audited)',
        params: IdParams,
        response: { 200: JobDetailSchema, ...protectedErrors },
      },
    },
    async (request) => presentJobDetail(await access(request).jobs.retry(request.params.id)),
  );
  done();
};
