import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DTSEN_UPDATE_HEADERS, dtsenUpdateRow } from '../../pilots/verification/dtsen-update.js';
import { VERIFICATION_KINDS, VERIFICATION_STATUSES } from '../../pilots/verification/proposal-rules.js';
import { csvBuffer, xlsxBuffer } from '../../shared/spreadsheet-buffer.js';
import { access } from '../authentication.js';
import {
  presentVerificationProposal,
  presentVerificationProposalPage,
  VerificationProposalPageSchema,
  VerificationProposalSchema,
} from '../presenters/verification.js';
import { Id as IdSchema, IdParams, PageQuery, protectedErrors, RegionCodeParam } from '../schemas.js';

const Id = IdSchema();
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Kind = Type.Union(VERIFICATION_KINDS.map((k) => Type.Literal(k)));

/** Field verification: facilitators propose corrections, reviewers accept or reject, the DTSEN update export. */
export const verificationRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/verification-proposals',
    {
      schema: {
        tags: ['verification'],
        summary: 'Field-verification proposals in scope (assigned villages for a pendamping)',
        querystring: Type.Object({
          status: Type.Optional(Type.Union(VERIFICATION_STATUSES.map((s) => Type.Literal(s)))),
          kind: Type.Optional(Kind),
          region: Type.Optional(RegionCodeParam),
          ...PageQuery,
        }),
        response: { 200: VerificationProposalPageSchema, ...protectedErrors },
      },
    },
    async (request) => {
      const q = request.query;
      return presentVerificationProposalPage(
        await access(request).verifications.list({
          status: q.status,
          kind: q.kind,
          region: q.region,
          limit: q.limit,
          cursor: q.cursor,
        }),
      );
    },
  );
  app.get(
    '/api/v1/verification-proposals/export',
    {
      schema: {
        tags: ['verification'],
        summary:
          'Accepted proposals in the DTSEN update channel’s shape (village deliberation → regency → BPS), CSV or XLSX; NIK/KK masked unless pii:read and X-Purpose',
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
          region: Type.Optional(RegionCodeParam),
          from: Type.Optional(IsoDate),
          to: Type.Optional(IsoDate),
        }),
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { ...protectedErrors },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { rows, reveal } = await access(request).verifications.exportAccepted({
        region: q.region,
        from: q.from,
        to: q.to,
      });
      const cells = rows.map((r) => dtsenUpdateRow(r, reveal));
      const name = `usulan-pemutakhiran-dtsen${q.region ? `-${q.region}` : ''}`;
      if (q.format === 'xlsx')
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="${name}.xlsx"`)
          .send(await xlsxBuffer(DTSEN_UPDATE_HEADERS, cells, 'usulan'));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .send(csvBuffer(DTSEN_UPDATE_HEADERS, cells));
    },
  );
  app.get(
    '/api/v1/verification-proposals/:id',
    {
      schema: {
        tags: ['verification'],
        summary: 'One field-verification proposal',
        params: IdParams,
        response: { 200: VerificationProposalSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentVerificationProposal(await access(request).verifications.get(request.params.id)),
  );
  app.post(
    '/api/v1/verification-proposals',
    {
      schema: {
        tags: ['verification'],
        summary:
          'Propose a correction of a household or person of your villages (moved, deceased, new_member, disability, decile_wrong) with evidence',
        body: Type.Object({
          household_id: Id,
          person_id: Type.Optional(Id),
          kind: Kind,
          proposed: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
          evidence: Type.String({ minLength: 3, maxLength: 4000 }),
          documents: Type.Optional(
            Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 20 }),
          ),
        }),
        response: { 201: VerificationProposalSchema, ...protectedErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const record = await access(request).verifications.propose({
        householdId: b.household_id,
        personId: b.person_id,
        kind: b.kind,
        proposed: b.proposed,
        evidence: b.evidence,
        documents: b.documents,
      });
      return reply.code(201).send(presentVerificationProposal(record));
    },
  );
  app.post(
    '/api/v1/verification-proposals/:id/review',
    {
      schema: {
        tags: ['verification'],
        summary:
          'Accept (a new field_verification source batch carries the change) or reject a proposal, with a reason; not your own',
        params: IdParams,
        body: Type.Object({
          decision: Type.Union([Type.Literal('accept'), Type.Literal('reject')]),
          reason: Type.String({ minLength: 3, maxLength: 2000 }),
          deliberation_ref: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        }),
        response: { 200: VerificationProposalSchema, ...protectedErrors },
      },
    },
    async (request) => {
      const b = request.body;
      return presentVerificationProposal(
        await access(request).verifications.review({
          proposalId: request.params.id,
          decision: b.decision,
          reason: b.reason,
          deliberationRef: b.deliberation_ref,
        }),
      );
    },
  );
  done();
};
