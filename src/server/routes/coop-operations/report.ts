import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { ReportKind, Format, ReportQuery, reportOptions } from './report-query.js';
import { tags, type RouteApp } from './shared.js';

/** `GET /api/v1/cooperatives/:id/report` */
export function reportRoute(app: RouteApp): void {
  app.get(
    '/api/v1/cooperatives/:id/report',
    {
      schema: {
        tags,
        summary:
          'One report as CSV or XLSX: members (register), savings, loans (portfolio and PAR), balance-sheet (with the income statement), shu; Bahasa Indonesia or English (names members; audited)',
        params: IdParams,
        querystring: Type.Object({
          kind: Type.Optional(ReportKind),
          format: Type.Optional(Format),
          ...ReportQuery,
        }),
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { ...protectedErrors },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const kind = q.kind ?? 'members';
      const format = q.format ?? 'csv';
      const file = await access(request).coopOperations.report(
        request.params.id,
        kind,
        format,
        reportOptions(q),
      );
      return reply
        .type(
          format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        )
        .header(
          'content-disposition',
          `attachment; filename="koperasi-${request.params.id}-${kind}.${format}"`,
        )
        .send(file.body);
    },
  );
}
