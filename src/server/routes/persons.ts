import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../authentication.js';
import { PersonPageSchema, PersonSchema, presentPerson, presentPersonPage } from '../presenters/persons.js';
import { Id, IdParams, PageQuery, protectedErrors } from '../schemas.js';

export const personRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/persons',
    {
      schema: {
        tags: ['persons'],
        summary: 'Search persons in scope by household, name or NIK (NIK search needs pii:read + X-Purpose)',
        querystring: Type.Object({
          household: Type.Optional(Id()),
          name: Type.Optional(Type.String({ minLength: 2, maxLength: 100 })),
          nik: Type.Optional(Type.String({ pattern: '^[0-9]{16}$' })),
          ...PageQuery,
        }),
        response: { 200: PersonPageSchema, ...protectedErrors },
      },
    },
    async (request) => presentPersonPage(await access(request).persons.list(request.query)),
  );
  app.get(
    '/api/v1/persons/:id',
    {
      schema: {
        tags: ['persons'],
        summary: 'One person (read is audited)',
        params: IdParams,
        response: { 200: PersonSchema, ...protectedErrors },
      },
    },
    async (request) => presentPerson(await access(request).persons.get(request.params.id)),
  );
  done();
};
