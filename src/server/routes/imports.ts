import { PassThrough } from 'node:stream';
import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { ImportAccess } from '../../access/import-access.js';
import { PROFILE_NAMES, type ImportOptions, type PreparedSource } from '../../intake/index.js';
import { say, UserError } from '../../shared/errors.js';
import { access } from '../authentication.js';
import { errorBody, HttpError, serverErrorLogLine } from '../error-handler.js';
import {
  ImportStreamLineSchema,
  presentImportError,
  presentImportProgress,
  presentImportResult,
  presentRevertResult,
  RevertResultSchema,
} from '../presenters/imports.js';
import { IdParams, protectedErrors } from '../schemas.js';

/** Reads the multipart parts: the file (spooled, size-checked) and an optional "mapping" text field. */
async function receiveUpload(
  request: FastifyRequest,
  imports: ImportAccess,
  limitBytes: number,
): Promise<{ source: PreparedSource; mapping: string | undefined }> {
  let source: PreparedSource | undefined;
  let mapping: string | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || source) {
          throw new HttpError(
            400,
            'invalid_input',
            say(
              `multipart field "${part.fieldname.slice(0, 50)}": expected one file in field "file"`,
              `field multipart "${part.fieldname.slice(0, 50)}": harus satu berkas di field "file"`,
            ),
          );
        }
        source = await imports.spoolUpload({ stream: part.file, fileName: part.filename }, limitBytes);
      } else if (part.fieldname === 'mapping') {
        mapping = String(part.value);
      } else {
        throw new HttpError(
          400,
          'invalid_input',
          say(
            `multipart field "${part.fieldname.slice(0, 50)}": expected "file" and optionally "mapping"`,
            `field multipart "${part.fieldname.slice(0, 50)}": yang diterima "file" dan (opsional) "mapping"`,
          ),
        );
      }
    }
  } catch (error) {
    await source?.cleanup();
    throw error;
  }
  if (!source) {
    throw new HttpError(
      400,
      'invalid_input',
      say('multipart field "file" is missing', 'field multipart "file" tidak ada'),
    );
  }
  return { source, mapping };
}

export interface ImportRouteOptions {
  /** Largest accepted upload in bytes (the multipart file-size limit). */
  uploadLimitBytes: number;
}

export const importRoutes: FastifyPluginCallbackTypebox<ImportRouteOptions> = (app, routeOptions, done) => {
  const { uploadLimitBytes } = routeOptions;
  app.post(
    '/api/v1/imports',
    {
      schema: {
        tags: ['imports'],
        summary:
          'Upload one file (multipart field "file"; optional field "mapping": the YAML/JSON column mapping the ' +
          "CLI's --mapping takes). Refusals (permission, options, size limit, mapping, header, missing columns) " +
          'answer 4xx before anything is written. Otherwise the answer streams NDJSON: {"type":"progress",…} ' +
          'lines, then {"type":"result",…} or {"type":"error","error":{…}}.',
        consumes: ['multipart/form-data'],
        querystring: Type.Object({
          profile: Type.Union(PROFILE_NAMES.map((p) => Type.Literal(p))),
          program: Type.Optional(Type.String({ maxLength: 20 })),
          period: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$' })),
          snapshot_date: Type.Optional(Type.String({ format: 'date' })),
          sheet: Type.Optional(Type.String({ maxLength: 100 })),
        }),
        response: {
          200: {
            description: 'one JSON object per line',
            content: { 'application/x-ndjson': { schema: ImportStreamLineSchema } },
          },
          413: Type.Ref('ErrorResponse'),
          415: Type.Ref('ErrorResponse'),
          ...protectedErrors,
        },
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
      // Everything that can be refused before a row is written answers with its own status (403, 400, 413,
      // 415) before the 200 NDJSON stream starts: permission and options, then the spooled file (size limit),
      // the mapping, the header and required columns. Only failures while writing arrive as an NDJSON line.
      await imports.checkUpload(q.profile, options);
      if (!request.isMultipart()) {
        throw new HttpError(
          415,
          'invalid_input',
          say(
            'send the file as multipart/form-data (field "file")',
            'kirim berkas sebagai multipart/form-data (field "file")',
          ),
        );
      }
      const upload = await receiveUpload(request, imports, uploadLimitBytes);
      const prepared = await imports.prepareUpload(
        q.profile,
        upload.source,
        upload.mapping === undefined
          ? options
          : { ...options, mapping: imports.parseMapping(upload.mapping, q.profile) },
      );
      const out = new PassThrough();
      void reply.type('application/x-ndjson; charset=utf-8').send(out);
      let lastSent = 0;
      try {
        const result = await prepared.run((p) => {
          const now = Date.now();
          if (now - lastSent < 250) return;
          lastSent = now;
          out.write(JSON.stringify(presentImportProgress(p)) + '\n');
        });
        out.write(JSON.stringify(presentImportResult(result)) + '\n');
      } catch (error) {
        const known = error instanceof UserError;
        if (!known) request.log.error(serverErrorLogLine(request, error as Error), 'import failed');
        const body = known
          ? errorBody(error.code, error.message, error.messageId)
          : errorBody('internal', 'import failed', undefined, request.id);
        out.write(JSON.stringify(presentImportError(body)) + '\n');
      } finally {
        await prepared.close();
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
        response: { 200: RevertResultSchema, ...protectedErrors },
      },
    },
    async (request) =>
      presentRevertResult(await access(request).imports.revert(request.params.id, request.body?.reason)),
  );
  done();
};
