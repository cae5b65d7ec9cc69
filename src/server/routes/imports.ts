import { PassThrough } from 'node:stream';
import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PROFILE_NAMES, type ImportOptions } from '../../intake/index.js';
import { UserError } from '../../shared/errors.js';
import { access } from '../authentication.js';
import { errorBody, HttpError } from '../error-handler.js';
import { IdParams, protectedErrors } from '../schemas.js';

export const importRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.post(
    '/api/v1/imports',
    {
      schema: {
        tags: ['imports'],
        summary:
          'Upload one file (multipart field "file"). The answer streams NDJSON: {"type":"progress",…} lines, then ' +
          '{"type":"result",…} or {"type":"error","error":{…}}.',
        consumes: ['multipart/form-data'],
        querystring: Type.Object({
          profile: Type.Union(PROFILE_NAMES.map((p) => Type.Literal(p))),
          program: Type.Optional(Type.String({ maxLength: 20 })),
          period: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$' })),
          snapshot_date: Type.Optional(Type.String({ format: 'date' })),
          sheet: Type.Optional(Type.String({ maxLength: 100 })),
        }),
        response: { 413: Type.Ref('ErrorResponse'), 415: Type.Ref('ErrorResponse'), ...protectedErrors },
      },
    },
    async (request, reply) => {
      const imports = access(request).imports;
      const q = request.query;
      const options: ImportOptions = {
        ...(q.program ? { program: q.program } : {}),
        ...(q.period ? { period: q.period } : {}),
        ...(q.snapshot_date ? { snapshotDate: q.snapshot_date } : {}),
        ...(q.sheet ? { sheet: q.sheet } : {}),
      };
      // Refusals that do not depend on the file's content answer with their own status (403, 400, 415) before
      // the 200 NDJSON stream starts; only problems found while reading the file arrive as an NDJSON error line.
      await imports.checkUpload(q.profile, options);
      if (!request.isMultipart()) {
        throw new HttpError(415, 'invalid_input', 'send the file as multipart/form-data (field "file")');
      }
      const file = await request.file();
      if (!file) throw new HttpError(400, 'invalid_input', 'multipart field "file" is missing');
      if (file.fieldname !== 'file') {
        throw new HttpError(
          400,
          'invalid_input',
          `multipart field "${file.fieldname.slice(0, 50)}": expected "file"`,
        );
      }
      imports.checkFileName(file.filename);
      const out = new PassThrough();
      void reply.type('application/x-ndjson; charset=utf-8').send(out);
      let lastSent = 0;
      try {
        const result = await imports.upload(
          q.profile,
          { stream: file.file, fileName: file.filename },
          options,
          (p) => {
            const now = Date.now();
            if (now - lastSent < 250) return;
            lastSent = now;
            out.write(
              JSON.stringify({ type: 'progress', rows: p.rows, bytes: p.bytes, total_bytes: p.totalBytes }) +
                '\n',
            );
          },
        );
        const { rejects_file: rejectsFile, ...rest } = result;
        out.write(JSON.stringify({ type: 'result', ...rest, has_rejects: rejectsFile !== null }) + '\n');
      } catch (error) {
        const known = error instanceof UserError;
        if (!known) request.log.error(error);
        const body = known ? errorBody(error.code, error.message) : errorBody('internal', 'import failed');
        out.write(JSON.stringify({ type: 'error', ...body }) + '\n');
      } finally {
        out.end();
      }
      return reply;
    },
  );
  app.get(
    '/api/v1/source-batches/:id/rejects',
    {
      schema: {
        tags: ['imports'],
        summary: 'Download the rejects CSV of a batch (line, field, value, code, alasan, reason; audited)',
        params: IdParams,
        produces: ['text/csv'],
        response: { ...protectedErrors },
      },
    },
    async (request, reply) => {
      const file = await access(request).imports.rejects(request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.stream);
    },
  );
  app.post(
    '/api/v1/source-batches/:id/revert',
    {
      schema: {
        tags: ['imports'],
        summary: 'Undo what a batch added or changed (one transaction, audited)',
        params: IdParams,
        body: Type.Optional(Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) })),
        response: {
          200: Type.Object({
            batch_id: Type.Integer(),
            source: Type.String(),
            status: Type.String(),
            changes: Type.Record(Type.String(), Type.Unknown()),
          }),
          ...protectedErrors,
        },
      },
    },
    async (request) => {
      const r = await access(request).imports.revert(request.params.id, request.body?.reason);
      return {
        batch_id: r.batch_id,
        source: r.source,
        status: r.status,
        changes: r.changes as Record<string, unknown>,
      };
    },
  );
  done();
};
