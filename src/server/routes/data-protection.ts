import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CONSENT_PURPOSES } from '../../consent/consent-purposes.js';
import { access } from '../authentication.js';
import {
  BreachSchema,
  DsrExportSchema,
  DsrPageSchema,
  DsrSchema,
  presentBreach,
  presentDsr,
  presentDsrExport,
  presentDsrPage,
} from '../presenters/data-protection.js';
import { Id, IdParams, PageQuery, protectedErrors } from '../schemas.js';

const DSR = '/api/v1/data-subject-requests';

export const dataProtectionRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.post(
    DSR,
    {
      schema: {
        tags: ['data protection'],
        summary: 'Register a data-subject request (due in 3×24 h; objections go to human review)',
        body: Type.Object({
          kind: Type.Union(
            ['access', 'correction', 'erasure', 'objection', 'withdraw_consent'].map((k) => Type.Literal(k)),
          ),
          person_id: Id(),
          requester_name: Type.String({ minLength: 1, maxLength: 200 }),
          channel: Type.Optional(Type.String({ maxLength: 50 })),
          details: Type.Optional(Type.String({ maxLength: 4000 })),
          consent_purpose: Type.Optional(
            Type.Union(
              [...CONSENT_PURPOSES, 'all'].map((p) => Type.Literal(p)),
              {
                description:
                  'withdraw_consent only: the purpose withdrawn when the request completes, or "all"',
              },
            ),
          ),
        }),
        response: { 201: DsrSchema, ...protectedErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const created = await access(request).dataSubjectRequests.create({
        kind: b.kind,
        personId: b.person_id,
        requesterName: b.requester_name,
        channel: b.channel,
        details: b.details,
        consentPurpose: b.consent_purpose,
      });
      return reply.code(201).send(presentDsr(created));
    },
  );
  app.get(
    DSR,
    {
      schema: {
        tags: ['data protection'],
        querystring: Type.Object({ open: Type.Optional(Type.Boolean()), ...PageQuery }),
        response: { 200: DsrPageSchema, ...protectedErrors },
      },
    },
    async (request) => presentDsrPage(await access(request).dataSubjectRequests.list(request.query)),
  );
  app.get(
    `${DSR}/:id`,
    {
      schema: {
        tags: ['data protection'],
        params: IdParams,
        response: { 200: DsrSchema, ...protectedErrors },
      },
    },
    async (request) => presentDsr(await access(request).dataSubjectRequests.get(request.params.id)),
  );
  app.post(
    `${DSR}/:id/resolve`,
    {
      schema: {
        tags: ['data protection'],
        summary:
          'Resolve a request; completing an erasure anonymises the person unless under legal hold, completing a consent withdrawal records it',
        params: IdParams,
        body: Type.Object({
          status: Type.Union([
            Type.Literal('in_review'),
            Type.Literal('completed'),
            Type.Literal('rejected'),
          ]),
          resolution: Type.String({ minLength: 1, maxLength: 4000 }),
          legal_hold: Type.Optional(Type.Boolean()),
        }),
        response: { 200: DsrSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentDsr(
        await access(request).dataSubjectRequests.resolve(request.params.id, {
          status: request.body.status,
          resolution: request.body.resolution,
          legalHold: request.body.legal_hold,
        }),
      ),
  );
  app.get(
    `${DSR}/:id/export`,
    {
      schema: {
        tags: ['data protection'],
        summary: 'Everything held about the person of an access request (audited export)',
        params: IdParams,
        response: { 200: DsrExportSchema, ...protectedErrors },
      },
    },
    async (request) => presentDsrExport(await access(request).dataSubjectRequests.export(request.params.id)),
  );
  app.get(
    '/api/v1/breaches',
    {
      schema: {
        tags: ['data protection'],
        response: { 200: Type.Object({ items: Type.Array(BreachSchema) }), ...protectedErrors },
      },
    },
    async (request) => ({ items: (await access(request).breaches.list()).map((b) => presentBreach(b)) }),
  );
  app.post(
    '/api/v1/breaches',
    {
      schema: {
        tags: ['data protection'],
        summary: 'Record a personal-data breach (notification due 3×24 h after discovery)',
        body: Type.Object({
          discovered_at: Type.String({ format: 'date-time' }),
          description: Type.String({ minLength: 1, maxLength: 4000 }),
          data_categories: Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20 }),
          subjects_affected: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })),
        }),
        response: { 201: BreachSchema, ...protectedErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const created = await access(request).breaches.record({
        discoveredAt: new Date(b.discovered_at),
        description: b.description,
        dataCategories: b.data_categories,
        subjectsAffected: b.subjects_affected,
      });
      return reply.code(201).send(presentBreach(created));
    },
  );
  app.post(
    '/api/v1/breaches/:id/notified',
    {
      schema: {
        tags: ['data protection'],
        params: IdParams,
        response: { 200: BreachSchema, ...protectedErrors },
      },
    },
    async (request) => presentBreach(await access(request).breaches.markNotified(request.params.id)),
  );
  done();
};
