import { Type } from 'typebox';
import { CLUSTER_KINDS, PILOT_DESIGNS } from '../../../pilots/pilot-service.js';
import { access } from '../../authentication.js';
import { PilotDetailSchema, presentPilot } from '../../presenters/pilots.js';
import { protectedErrors, RegionCodeParam } from '../../schemas.js';
import { IsoDate, type RouteApp } from './shared.js';

/** `POST /api/v1/pilots` */
export function createPilotRoute(app: RouteApp): void {
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
}
