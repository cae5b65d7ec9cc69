import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../authentication.js';
import {
  ApplyResultSchema,
  ExplainedDecisionListSchema,
  presentApplyResult,
  presentDecisions,
  presentStoredPolicies,
  presentStoredPolicyText,
  StoredPolicyListSchema,
  StoredPolicyTextSchema,
} from '../presenters/policies.js';
import {
  PolicyValidationSchema,
  presentSimulation,
  presentValidation,
  SimulationReportSchema,
} from '../presenters/policy-simulation.js';
import { IdParams, protectedErrors, RegionCodeParam } from '../schemas.js';

const PolicyText = Type.String({ minLength: 1, maxLength: 200_000, description: 'policy YAML' });

export const policyRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/policies',
    {
      schema: {
        tags: ['policies'],
        summary: 'Stored policies and their versions (stored when applied), with how often each was applied',
        response: { 200: StoredPolicyListSchema, ...protectedErrors },
      },
    },
    async (request) => presentStoredPolicies(await access(request).policies.list()),
  );
  app.get(
    '/api/v1/policies/:policy/versions/:version',
    {
      schema: {
        tags: ['policies'],
        summary: 'The YAML of one stored policy version exactly as applied (for the editor and comparisons)',
        params: Type.Object({
          policy: Type.String({ pattern: '^[A-Za-z0-9._-]{1,100}$' }),
          version: Type.Integer({ minimum: 1 }),
        }),
        response: { 200: StoredPolicyTextSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentStoredPolicyText(
        await access(request).policies.version(request.params.policy, request.params.version),
      ),
  );
  app.post(
    '/api/v1/policies/validate',
    {
      schema: {
        tags: ['policies'],
        summary: 'Check a policy: syntax, types, treatment codes, unreachable rules',
        body: Type.Object({ text: PolicyText }),
        response: {
          200: PolicyValidationSchema,
          ...protectedErrors,
        },
      },
    },
    (request) => presentValidation(access(request).policies.validate(request.body.text)),
  );
  app.post(
    '/api/v1/policies/simulate',
    {
      schema: {
        tags: ['policies'],
        summary: 'Run a policy (optionally against another) over current data without storing anything',
        body: Type.Object({
          text: PolicyText,
          against: Type.Optional(PolicyText),
          region: Type.Optional(RegionCodeParam),
        }),
        response: { 200: SimulationReportSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentSimulation(await access(request).policies.simulate(request.body.text, request.body)),
  );
  app.post(
    '/api/v1/policies/apply',
    {
      schema: {
        tags: ['policies'],
        summary: 'Store the policy version and one decision per household (append-only, audited)',
        body: Type.Object({
          text: PolicyText,
          effective: Type.String({ format: 'date' }),
          region: Type.Optional(RegionCodeParam),
        }),
        response: { 200: ApplyResultSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentApplyResult(await access(request).policies.apply(request.body.text, request.body)),
  );
  app.get(
    '/api/v1/households/:id/decisions',
    {
      schema: {
        tags: ['households'],
        summary: 'Decision history of a household, each explained in Indonesian and English',
        params: IdParams,
        response: { 200: ExplainedDecisionListSchema, ...protectedErrors },
      },
    },
    async (request) => presentDecisions(await access(request).policies.decisions(request.params.id)),
  );
  done();
};
