import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../authentication.js';
import { AuditPageSchema, presentAuditPage } from '../presenters/audit.js';
import { PageQuery, protectedErrors } from '../schemas.js';

export const auditRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log, newest first (audit:read)',
        querystring: Type.Object({
          actor: Type.Optional(Type.String({ maxLength: 100 })),
          action: Type.Optional(Type.String({ maxLength: 100 })),
          ...PageQuery,
        }),
        response: { 200: AuditPageSchema, ...protectedErrors },
      },
    },
    async (request) => presentAuditPage(await access(request).audit.list(request.query)),
  );
  app.get(
    '/api/v1/audit/verify',
    {
      schema: {
        tags: ['audit'],
        summary: 'Recompute the hash chain and check its signed checkpoints (national audit:read)',
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            entries: Type.Integer(),
            checkpoints: Type.Integer(),
            unsigned_entries: Type.Integer(),
            first_broken: Type.Optional(Type.Object({ id: Type.Integer(), reason: Type.String() })),
          }),
          ...protectedErrors,
        },
      },
    },
    async (request) => access(request).audit.verify(),
  );
  done();
};
