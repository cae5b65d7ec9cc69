import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { presentProgram } from '../../programs/program-presenter.js';
import { presentRankedVillage } from '../../villages/village-score.js';
import { access } from '../authentication.js';
import {
  presentTargetingReport,
  presentUnmatched,
  ProgramSchema,
  RankedVillageSchema,
  TargetingReportSchema,
  UnmatchedRecipientListSchema,
} from '../presenters/reports.js';
import { protectedErrors, RegionCodeParam } from '../schemas.js';

const ProgramCode = Type.String({ pattern: '^[A-Za-z0-9_-]{1,20}$' });

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
        response: { 200: Type.Object({ items: Type.Array(RankedVillageSchema) }), ...protectedErrors },
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
        response: { 200: TargetingReportSchema, ...protectedErrors },
      },
    },
    async (request) => presentTargetingReport(await access(request).reports.targeting(request.query)),
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
        response: { 200: UnmatchedRecipientListSchema, ...protectedErrors },
      },
    },
    async (request) => presentUnmatched(await access(request).reports.unmatched(request.query)),
  );
  done();
};
