import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../authentication.js';
import {
  ApiTokenSchema,
  IssuedApiTokenSchema,
  presentApiToken,
  presentIssuedApiToken,
} from '../presenters/api-tokens.js';
import { IdParams, protectedErrors } from '../schemas.js';

const tags = ['users'];

/** Machine API tokens (as `entas users token`), through the scoped access layer (src/access/api-token-access.ts). */
export const apiTokenRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/api-tokens',
    {
      schema: {
        tags,
        summary: 'Machine API tokens of the users in scope (never the secrets); audited',
        response: { 200: Type.Object({ items: Type.Array(ApiTokenSchema) }), ...protectedErrors },
      },
    },
    async (request) => ({ items: (await access(request).apiTokens.list()).map(presentApiToken) }),
  );
  app.post(
    '/api/v1/api-tokens',
    {
      schema: {
        tags,
        summary:
          "Issue a machine API token acting as a user (users:manage; the user's role may not carry a permission the issuer lacks); the secret is in this answer only",
        body: Type.Object({
          username: Type.String({ minLength: 2, maxLength: 64 }),
          name: Type.String({ minLength: 1, maxLength: 100 }),
          days: Type.Optional(
            Type.Integer({ minimum: 1, maximum: 3650, description: 'expire after n days' }),
          ),
        }),
        response: { 201: IssuedApiTokenSchema, ...protectedErrors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const issued = await access(request).apiTokens.issue({
        username: b.username,
        name: b.name,
        days: b.days ?? null,
      });
      // The secret must not linger in caches or proxies.
      return reply.code(201).header('cache-control', 'no-store').send(presentIssuedApiToken(issued, b.name));
    },
  );
  app.post(
    '/api/v1/api-tokens/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a machine API token (users:manage); audited',
        params: IdParams,
        response: {
          200: Type.Object({ id: Type.Integer(), revoked: Type.Boolean() }),
          ...protectedErrors,
        },
      },
    },
    async (request) => {
      await access(request).apiTokens.revoke(request.params.id);
      return { id: request.params.id, revoked: true };
    },
  );
  done();
};
