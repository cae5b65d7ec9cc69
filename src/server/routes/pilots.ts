import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CLUSTER_KINDS, PILOT_DESIGNS } from '../../pilots/pilot-service.js';
import { access } from '../authentication.js';
import {
  AssignmentsSchema,
  BalanceSchema,
  PilotDetailSchema,
  PilotPageSchema,
  presentAssignments,
  presentBalance,
  presentPilot,
  presentPilotPage,
  presentRandomization,
  RandomizationSchema,
  WaveOpenedSchema,
} from '../presenters/pilots.js';
import { IdParams, PageQuery, protectedErrors, RegionCodeParam } from '../schemas.js';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

/** Pilot design: create from a region, randomise, view assignment and balance, publish, open waves. */
export const pilotRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/pilots',
    {
      schema: {
        tags: ['pilots'],
        summary: 'Pilots whose region overlaps the caller’s',
        querystring: Type.Object({ region: Type.Optional(RegionCodeParam), ...PageQuery }),
        response: { 200: PilotPageSchema, ...protectedErrors },
      },
    },
    async (request) => presentPilotPage(await access(request).pilots.list(request.query)),
  );
  app.post(
    '/api/v1/pilots',
    {
      schema: {
        tags: ['pilots'],
        summary:
          'Create a pilot over the villages (with households) of a region, all or the top of the village ranking, stratified by regency × poverty tercile',
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 200 }),
          region_code: RegionCodeParam,
          design: Type.Union(PILOT_DESIGNS.map((d) => Type.Literal(d))),
          cluster_kind: Type.Optional(
            Type.Union(
              CLUSTER_KINDS.map((k) => Type.Literal(k)),
              {
                description:
                  'village (default): the region’s villages; cooperative: the region’s cooperatives, each over the households the policy’s current decisions assign to it',
              },
            ),
          ),
          treated_share: Type.Optional(Type.String({ maxLength: 8 })),
          waves: Type.Array(Type.Object({ starts_on: IsoDate, ends_on: Type.Optional(IsoDate) }), {
            minItems: 1,
            maxItems: 100,
          }),
          policy_id: Type.String({ minLength: 1, maxLength: 100 }),
          member_treatments: Type.Array(Type.String({ minLength: 1, maxLength: 60 }), {
            minItems: 1,
            maxItems: 20,
          }),
          comparison_method: Type.Optional(Type.String({ maxLength: 2000 })),
          villages: Type.Optional(Type.Array(RegionCodeParam, { maxItems: 5000 })),
          max_clusters: Type.Optional(Type.Integer({ minimum: 2, maximum: 100000 })),
          from_ranking: Type.Optional(
            Type.Integer({
              minimum: 2,
              maximum: 100000,
              description:
                'take the region’s N villages ranked highest for founding cooperatives (GET /api/v1/villages/ranking)',
            }),
          ),
        }),
        response: { 201: PilotDetailSchema, ...protectedErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const pilot = await access(request).pilots.create({
        name: b.name,
        regionCode: b.region_code,
        design: b.design,
        clusterKind: b.cluster_kind,
        treatedShare: b.treated_share,
        waves: b.waves.map((w) => ({ startsOn: w.starts_on, endsOn: w.ends_on ?? null })),
        policyId: b.policy_id,
        memberTreatments: b.member_treatments,
        comparisonMethod: b.comparison_method,
        villages: b.villages,
        maxClusters: b.max_clusters,
        fromRanking: b.from_ranking,
      });
      return reply.code(201).send(presentPilot(pilot));
    },
  );
  app.get(
    '/api/v1/pilots/:id',
    {
      schema: {
        tags: ['pilots'],
        summary: 'A pilot: design, waves, policy and its current draw',
        params: IdParams,
        response: { 200: PilotDetailSchema, ...protectedErrors },
      },
    },
    async (request) => presentPilot(await access(request).pilots.get(request.params.id)),
  );
  app.get(
    '/api/v1/pilots/:id/assignments',
    {
      schema: {
        tags: ['pilots'],
        summary: 'The current draw’s assignment of the clusters inside the caller’s scope',
        params: IdParams,
        response: { 200: AssignmentsSchema, ...protectedErrors },
      },
    },
    async (request) => presentAssignments(await access(request).pilots.assignments(request.params.id)),
  );
  app.get(
    '/api/v1/pilots/:id/balance',
    {
      schema: {
        tags: ['pilots'],
        summary:
          'Balance table of the current draw: standardised mean differences of baseline covariates by arm (a matching: of the matched set, and before matching)',
        params: IdParams,
        response: { 200: BalanceSchema, ...protectedErrors },
      },
    },
    async (request) => presentBalance((await access(request).pilots.get(request.params.id)).randomization),
  );
  app.post(
    '/api/v1/pilots/:id/randomize',
    {
      schema: {
        tags: ['pilots'],
        summary:
          'Draw a (draft) assignment from a seed; after publication a new draw needs a reason and supersedes it',
        params: IdParams,
        body: Type.Object({
          seed: Type.String({ pattern: '^\\d{1,15}$' }),
          reason: Type.Optional(Type.String({ minLength: 3, maxLength: 2000 })),
        }),
        response: { 201: RandomizationSchema, ...protectedErrors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(presentRandomization(await access(request).pilots.randomize(request.params.id, request.body))),
  );
  app.post(
    '/api/v1/pilots/:id/match',
    {
      schema: {
        tags: ['pilots'],
        summary:
          'Non-randomised pilot: match a comparison cluster to each treated cluster (nearest neighbour on standardised baseline covariates within strata, without replacement); a draft like a draw',
        params: IdParams,
        body: Type.Object({
          treated: Type.Array(
            Type.Object({
              cluster: Type.String({ minLength: 1, maxLength: 60 }),
              wave_no: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            }),
            { minItems: 1, maxItems: 5000 },
          ),
          reason: Type.Optional(Type.String({ minLength: 3, maxLength: 2000 })),
        }),
        response: { 201: RandomizationSchema, ...protectedErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        presentRandomization(
          await access(request).pilots.match(request.params.id, {
            treated: request.body.treated.map((t) => ({ cluster: t.cluster, wave: t.wave_no })),
            reason: request.body.reason,
          }),
        ),
      ),
  );
  app.post(
    '/api/v1/pilots/:id/publish',
    {
      schema: {
        tags: ['pilots'],
        summary: 'Publish the draft draw: the assignment becomes binding and immutable',
        params: IdParams,
        response: { 200: RandomizationSchema, ...protectedErrors },
      },
    },
    async (request) => presentRandomization(await access(request).pilots.publish(request.params.id)),
  );
  app.post(
    '/api/v1/pilots/:id/waves/open',
    {
      schema: {
        tags: ['pilots'],
        summary: 'Open a wave: identify the member-treatment households of its treatment clusters',
        params: IdParams,
        body: Type.Object({ wave_no: Type.Integer({ minimum: 1, maximum: 100 }) }),
        response: { 200: WaveOpenedSchema, ...protectedErrors },
      },
    },
    async (request) => access(request).pilots.openWave(request.params.id, request.body.wave_no),
  );
  done();
};
