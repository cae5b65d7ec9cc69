import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { presentProgram } from '../../programs/program-presenter.js';
import { presentRankedVillage } from '../../villages/village-score.js';
import { access } from '../authentication.js';
import { Nullable, protectedErrors, RegionCodeParam } from '../schemas.js';

const ProgramCode = Type.String({ pattern: '^[A-Za-z0-9_-]{1,20}$' });

const ProgramSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  agency: Type.String(),
  unit: Type.String(),
  eligible_deciles: Type.Array(Type.Integer()),
  monthly_benefit: Nullable(Type.Integer()),
  active: Type.Boolean(),
});

const RankedVillage = Type.Object({
  rank: Type.Integer({ description: 'position among the villages in your scope' }),
  village_code: Type.String(),
  name: Type.String(),
  score: Type.Number({ description: '0–100, relative to the province (docs/POLICY.md)' }),
  parts: Type.Object({
    poverty: Type.Number(),
    reach_gap: Type.Number(),
    cooperative_gap: Type.Number(),
    readiness: Type.Number(),
  }),
  households: Type.Integer(),
  decile1: Type.Integer(),
  extreme_poor: Type.Integer(),
  recipients: Type.Integer(),
  recipients_not_members: Type.Integer(),
  cooperative: Type.String(),
  readiness: Nullable(Type.Number()),
});

const Aggregate = Type.Record(Type.String(), Type.Unknown(), {
  description: 'aggregate report (counts and error rates by region); never rows of people',
});

export const reportRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/programs',
    {
      schema: {
        tags: ['reports'],
        summary: 'Social programs and their eligible deciles (configuration, as `entas programs list`)',
        response: { 200: Type.Object({ items: Type.Array(ProgramSchema) }), ...protectedErrors },
      },
    },
    async (request) => ({
      items: (await access(request).reports.programs()).map(presentProgram),
    }),
  );
  app.get(
    '/api/v1/villages/ranking',
    {
      schema: {
        tags: ['reports'],
        summary: 'Villages in scope ranked for founding cooperatives (as `entas villages rank`)',
        querystring: Type.Object({
          province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
          top: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(RankedVillage) }), ...protectedErrors },
      },
    },
    async (request) => ({
      items: (await access(request).reports.villageRanking(request.query)).map(presentRankedVillage),
    }),
  );
  app.get(
    '/api/v1/reports/targeting',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Recipients by decile, inclusion and exclusion errors by region for one region of your scope (as `entas report targeting`)',
        querystring: Type.Object({
          program: Type.Optional(ProgramCode),
          region: Type.Optional(RegionCodeParam),
        }),
        response: { 200: Aggregate, ...protectedErrors },
      },
    },
    async (request) =>
      (await access(request).reports.targeting(request.query)) as unknown as Record<string, unknown>,
  );
  app.get(
    '/api/v1/reports/targeting/unmatched',
    {
      schema: {
        tags: ['reports'],
        summary: 'Recipients of the current period matching no DTSEN household, NIK masked (audited)',
        querystring: Type.Object({
          program: Type.Optional(ProgramCode),
          region: Type.Optional(RegionCodeParam),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                program: Type.String(),
                period: Type.String(),
                nik_masked: Nullable(Type.String()),
                name: Type.String(),
                village_code: Nullable(Type.String()),
              }),
            ),
          }),
          ...protectedErrors,
        },
      },
    },
    async (request) => ({ items: await access(request).reports.unmatched(request.query) }),
  );
  done();
};
