import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { access } from '../authentication.js';
import { dciSearch, newMessageId } from '../dci/dci-search.js';
import { protectedErrors } from '../schemas.js';

const Header = Type.Object(
  {
    version: Type.Optional(Type.String({ maxLength: 20 })),
    message_id: Type.String({ maxLength: 100 }),
    message_ts: Type.String({ maxLength: 40 }),
    action: Type.Literal('search'),
    sender_id: Type.String({ maxLength: 100 }),
    receiver_id: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: true },
);

const SearchRequest = Type.Object({
  reference_id: Type.String({ maxLength: 100 }),
  timestamp: Type.String({ maxLength: 40 }),
  search_criteria: Type.Object({
    version: Type.Optional(Type.String()),
    reg_type: Type.Optional(Type.String({ maxLength: 100 })),
    query_type: Type.String({ maxLength: 30 }),
    query: Type.Record(Type.String(), Type.Unknown()),
    pagination: Type.Optional(
      Type.Object({
        page_size: Type.Integer({ minimum: 1, maximum: 1000 }),
        page_number: Type.Optional(Type.Integer({ minimum: 1 })),
      }),
    ),
  }),
});

export const dciRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.post(
    '/api/v1/dci/registry/sync/search',
    {
      schema: {
        tags: ['interoperability'],
        summary:
          'DCI Social Registry sync search (idtype-value by NIK/KK, or expression on region and decile); same scopes, masking and audit as the REST API',
        body: Type.Object({
          signature: Type.Optional(Type.String()),
          header: Header,
          message: Type.Object({
            transaction_id: Type.String({ maxLength: 100 }),
            search_request: Type.Array(SearchRequest, { minItems: 1, maxItems: 10 }),
          }),
        }),
        response: { 200: Type.Record(Type.String(), Type.Unknown()), ...protectedErrors },
      },
    },
    async (request) => {
      const { header, message } = request.body;
      const responses = await dciSearch(access(request), message.search_request);
      return {
        header: {
          version: '1.0.0',
          message_id: newMessageId(),
          message_ts: new Date().toISOString(),
          action: 'on-search',
          status: responses.every((r) => r.status === 'succ')
            ? 'succ'
            : responses.some((r) => r.status === 'succ')
              ? 'part'
              : 'rjct',
          total_count: responses.length,
          completed_count: responses.filter((r) => r.status === 'succ').length,
          sender_id: 'entas',
          receiver_id: header.sender_id,
        },
        message: {
          transaction_id: message.transaction_id,
          correlation_id: newMessageId(),
          search_response: responses,
        },
      };
    },
  );
  done();
};
