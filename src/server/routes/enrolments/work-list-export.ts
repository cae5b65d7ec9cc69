import { Type } from 'typebox';
import { WORK_LIST_HEADERS, workListCells } from '../../../pilots/enrolment/work-list.js';
import { csvBuffer, xlsxBuffer } from '../../../shared/spreadsheet-buffer.js';
import { access } from '../../authentication.js';
import { protectedErrors, RegionCodeParam } from '../../schemas.js';
import { Id, type RouteApp } from './shared.js';

/** `GET /api/v1/work-list/export` */
export function workListExportRoute(app: RouteApp): void {
  app.get(
    '/api/v1/work-list/export',
    {
      schema: {
        tags: ['enrolment'],
        summary:
          'The caller’s work list as CSV or XLSX (a signature column); NIK and address masked unless pii:read and X-Purpose',
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
          pilot_id: Type.Optional(Id),
          region: Type.Optional(RegionCodeParam),
        }),
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { ...protectedErrors },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const format = q.format ?? 'csv';
      const rows = await access(request).enrolments.workList({
        pilotId: q.pilot_id,
        region: q.region,
        format,
      });
      const cells = workListCells(rows, 'id');
      const name = `daftar-kerja${q.region ? `-${q.region}` : ''}`;
      if (format === 'xlsx')
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="${name}.xlsx"`)
          .send(await xlsxBuffer(WORK_LIST_HEADERS, cells, 'daftar-kerja'));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .send(csvBuffer(WORK_LIST_HEADERS, cells));
    },
  );
}
