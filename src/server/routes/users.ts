import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ROLES } from '../../shared/roles.js';
import { access } from '../authentication.js';
import { presentUser, UserSchema } from '../presenters/users.js';
import { Id, IdParams, protectedErrors, RegionCodeParam } from '../schemas.js';

export const userRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        response: { 200: Type.Object({ items: Type.Array(UserSchema) }), ...protectedErrors },
      },
    },
    async (request) => ({ items: (await access(request).users.list()).map(presentUser) }),
  );
  app.get(
    '/api/v1/users/:id',
    { schema: { tags: ['users'], params: IdParams, response: { 200: UserSchema, ...protectedErrors } } },
    async (request) => presentUser(await access(request).users.get(request.params.id)),
  );
  app.post(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user (users:manage). Admins get a TOTP secret, shown once.',
        body: Type.Object({
          username: Type.String({ minLength: 2, maxLength: 64 }),
          password: Type.String({ minLength: 12, maxLength: 200 }),
          role: Type.Union(ROLES.map((r) => Type.Literal(r))),
          regions: Type.Optional(Type.Array(RegionCodeParam, { maxItems: 100 })),
          cooperative_id: Type.Optional(Id()),
        }),
        response: {
          201: Type.Object({
            user: UserSchema,
            totp: Type.Optional(Type.Object({ secret: Type.String(), uri: Type.String() })),
          }),
          ...protectedErrors,
          409: Type.Ref('ErrorResponse'),
        },
      },
    },
    async (request, reply) => {
      const { cooperative_id, ...rest } = request.body;
      const created = await access(request).users.create({ ...rest, cooperativeId: cooperative_id ?? null });
      return reply
        .code(201)
        .send({ user: presentUser(created.user), ...(created.totp ? { totp: created.totp } : {}) });
    },
  );
  app.post(
    '/api/v1/users/:id/disable',
    {
      schema: {
        tags: ['users'],
        params: IdParams,
        response: { 200: Type.Object({ disabled: Type.Boolean() }), ...protectedErrors },
      },
    },
    async (request) => {
      await access(request).users.disable(request.params.id);
      return { disabled: true };
    },
  );
  done();
};
