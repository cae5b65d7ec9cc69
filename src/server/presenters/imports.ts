import { Type, type Static } from 'typebox';
import type { ImportResult } from '../../intake/import-service.js';
import type { RevertResult } from '../../intake/revert-service.js';
import type { RevertChanges } from '../../intake/storage/revert-changes.js';

const ImportProgressLine = Type.Object(
  {
    type: Type.Literal('progress'),
    rows: Type.Integer({ description: 'rows read so far' }),
    bytes: Type.Integer({ description: 'bytes of the file read so far' }),
    total_bytes: Type.Integer({ description: 'size of the file' }),
  },
  { description: 'at most one every 250 ms while the file is read' },
);

const ImportResultLine = Type.Object(
  {
    type: Type.Literal('result'),
    batch_id: Type.Integer(),
    status: Type.Union([Type.Literal('imported'), Type.Literal('already_imported')]),
    rows: Type.Integer(),
    accepted: Type.Integer(),
    rejected: Type.Integer(),
    warnings: Type.Integer(),
    changes: Type.Optional(
      Type.Record(Type.String(), Type.Integer(), { description: 'rows created/updated per kind' }),
    ),
    timings: Type.Optional(
      Type.Record(Type.String(), Type.Integer(), { description: 'milliseconds per phase' }),
    ),
    has_rejects: Type.Boolean({ description: 'GET /api/v1/source-batches/{id}/rejects has a file' }),
    register_checks: Type.Optional(
      Type.Array(
        Type.Object({
          cooperative_id: Type.Integer(),
          registration_no: Type.String(),
          in_order: Type.Boolean({ description: 'no error finding (warnings may remain)' }),
          findings: Type.Array(
            Type.Object({
              rule: Type.String(),
              severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
              message: Type.String(),
              message_id: Type.String(),
            }),
          ),
        }),
        { description: "officers imports: the registrar's checks on each cooperative the file names" },
      ),
    ),
  },
  { description: 'the last line of a batch that was written (or was already imported)' },
);

const ImportErrorLine = Type.Object(
  {
    type: Type.Literal('error'),
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      message_id: Type.String(),
      request_id: Type.Optional(Type.String()),
    }),
  },
  { description: 'the last line when writing failed (nothing was stored)' },
);

/** One line of the NDJSON answer of `POST /imports`. */
export const ImportStreamLineSchema = Type.Union([ImportProgressLine, ImportResultLine, ImportErrorLine]);

export function presentImportProgress(p: {
  rows: number;
  bytes: number;
  totalBytes: number;
}): Static<typeof ImportProgressLine> {
  return { type: 'progress', rows: p.rows, bytes: p.bytes, total_bytes: p.totalBytes };
}

/** The server's path of the rejects file stays on the server: the line says only whether there is one. */
export function presentImportResult(r: ImportResult): Static<typeof ImportResultLine> {
  return {
    type: 'result',
    batch_id: r.batch_id,
    status: r.status,
    rows: r.rows,
    accepted: r.accepted,
    rejected: r.rejected,
    warnings: r.warnings,
    ...(r.changes === undefined ? {} : { changes: r.changes }),
    ...(r.timings === undefined ? {} : { timings: r.timings }),
    has_rejects: r.rejects_file !== null,
    ...(r.register_checks === undefined ? {} : { register_checks: r.register_checks }),
  };
}

export function presentImportError(body: {
  error: Static<typeof ImportErrorLine>['error'];
}): Static<typeof ImportErrorLine> {
  return { type: 'error', error: body.error };
}

const Counter = (description: string) => Type.Optional(Type.Integer({ minimum: 0, description }));

/** What undoing a batch did; each source reports only the counters that apply to it. */
export const RevertResultSchema = Type.Object({
  batch_id: Type.Integer(),
  source: Type.String({
    description: 'dtsen, bansos, cooperatives, members, officers or field_verification',
  }),
  status: Type.Literal('reverted'),
  changes: Type.Object(
    {
      households_deleted: Counter('households the batch created, removed'),
      households_restored: Counter('households the batch updated, put back as they were'),
      persons_deleted: Counter('persons the batch created, removed'),
      persons_restored: Counter('persons the batch updated, put back as they were'),
      snapshots_deleted: Counter('DTSEN household snapshots the batch wrote, removed'),
      enrolments_deleted: Counter('bansos enrolments the batch wrote, removed'),
      cooperatives_deleted: Counter('cooperatives the batch created, removed'),
      cooperatives_restored: Counter('cooperatives the batch updated, put back as they were'),
      members_deleted: Counter('cooperative members the batch created, removed'),
      members_restored: Counter('cooperative members the batch updated, put back as they were'),
      officers_deleted: Counter('cooperative officers the batch appointed, removed'),
      officers_restored: Counter('cooperative officers the batch updated, put back as they were'),
    },
    { additionalProperties: false },
  ),
});

export function presentRevertResult(r: RevertResult): Static<typeof RevertResultSchema> {
  const c = r.changes;
  const changes: Static<typeof RevertResultSchema>['changes'] = {};
  // Only the counters the source reported, so a reader can tell "not applicable" from zero.
  for (const key of Object.keys(c) as (keyof RevertChanges)[]) {
    const n = c[key];
    if (n !== undefined) changes[key] = n;
  }
  return { batch_id: r.batch_id, source: r.source, status: r.status, changes };
}
