import { Type } from 'typebox';
import { access } from '../../authentication.js';
import { IdParams, protectedErrors } from '../../schemas.js';
import { ReportQuery, reportOptions } from './report-query.js';
import { tags, type RouteApp } from './shared.js';

/** `GET /api/v1/cooperatives/:id/rat-report.pdf` */
export function ratReportRoute(app: RouteApp): void {
  app.get(
    '/api/v1/cooperatives/:id/rat-report.pdf',
    {
      schema: {
        tags,
        summary:
          'The RAT report (PDF): members, savings, loans and PAR, balance sheet and income statement, SHU of the book year (names members; audited)',
        params: IdParams,
        querystring: Type.Object(ReportQuery),
        produces: ['application/pdf'],
        response: { ...protectedErrors },
      },
    },
    async (request, reply) => {
      const pdf = await access(request).coopOperations.ratReport(
        request.params.id,
        reportOptions(request.query),
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="laporan-rat-${request.params.id}.pdf"`)
        .send(pdf);
    },
  );
}
