import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CONSENT_METHODS, CONSENT_PURPOSES } from '../../consent/consent-purposes.js';
import { access } from '../authentication.js';
import { presentConsent } from '../../consent/consent-presenter.js';
import { ConsentPageSchema, ConsentRecordSchema, presentConsentPage } from '../presenters/consent.js';
import { Id as IdSchema, PageQuery, protectedErrors, RegionCodeParam } from '../schemas.js';

const Purpose = Type.Union(CONSENT_PURPOSES.map((p) => Type.Literal(p)));
const Id = IdSchema();

export const consentRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/consents',
    {
      schema: {
        tags: ['data protection'],
        summary:
          'Consent decisions in scope (history, oldest first), by household, person, purpose or region',
        querystring: Type.Object({
          household_id: Type.Optional(Id),
          person_id: Type.Optional(Id),
          purpose: Type.Optional(Purpose),
          region: Type.Optional(RegionCodeParam),
          ...PageQuery,
        }),
        response: { 200: ConsentPageSchema, ...protectedErrors },
      },
    },
    async (request) => {
      const q = request.query;
      return presentConsentPage(
        await access(request).consents.list({
          householdId: q.household_id,
          personId: q.person_id,
          purpose: q.purpose,
          region: q.region,
          limit: q.limit,
          cursor: q.cursor,
        }),
      );
    },
  );
  app.post(
    '/api/v1/consents',
    {
      schema: {
        tags: ['data protection'],
        summary:
          'Record that a person (or the household as a unit) gave or withdrew consent for a purpose (append-only, audited)',
        body: Type.Object({
          household_id: Id,
          person_id: Type.Optional(Type.Union([Id, Type.Null()])),
          purpose: Purpose,
          status: Type.Union([Type.Literal('given'), Type.Literal('withdrawn')]),
          method: Type.Union(CONSENT_METHODS.map((m) => Type.Literal(m))),
          evidence_ref: Type.Optional(Type.String({ maxLength: 200 })),
          decided_at: Type.Optional(Type.String({ format: 'date-time' })),
          note: Type.Optional(Type.String({ maxLength: 2000 })),
          guardian_name: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 200,
              description:
                'the parent or guardian deciding for the person: required when they are under 18 on decided_at (else 400 guardian_required)',
            }),
          ),
          guardian_relation: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 60,
              description: 'the guardian’s relation to the person (ibu, ayah, wali, …); with guardian_name',
            }),
          ),
        }),
        response: { 201: ConsentRecordSchema, ...protectedErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const recorded = await access(request).consents.record({
        householdId: b.household_id,
        personId: b.person_id ?? null,
        purpose: b.purpose,
        status: b.status,
        method: b.method,
        evidenceRef: b.evidence_ref,
        decidedAt: b.decided_at === undefined ? undefined : new Date(b.decided_at),
        note: b.note,
        guardianName: b.guardian_name,
        guardianRelation: b.guardian_relation,
      });
      return reply.code(201).send(presentConsent(recorded));
    },
  );
  done();
};
