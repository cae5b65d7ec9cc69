import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { csvBuffer, xlsxBuffer } from '../../shared/spreadsheet-buffer.js';
import { access } from '../authentication.js';
import { INDICATOR_TABLE_HEADERS, indicatorTableRows } from '../presenters/indicator-table.js';
import { protectedErrors, RegionCodeParam } from '../schemas.js';

/**
 * The M&E page's indicator table as a download: the same read as GET /indicators/:indicator/children (scope,
 * permission and audit in the access layer), one row per region and category, CSV or XLSX.
 */
export const indicatorTableRoutes: FastifyPluginCallbackTypebox = (app, _options, done) => {
  app.get(
    '/api/v1/indicators/:indicator/children/export',
    {
      schema: {
        tags: ['indicators'],
        summary:
          'One indicator at a region node of your scope and all its children as a table to download (CSV or XLSX)',
        params: Type.Object({ indicator: Type.String({ pattern: '^[a-z][a-z0-9_]{1,62}$' }) }),
        querystring: Type.Object({
          format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
          region: Type.Optional(RegionCodeParam),
          period: Type.Optional(
            Type.String({
              pattern: '^[0-9]{4}(-[0-9]{2}|-?[Qq][1-4])?$',
              description: "YYYY-MM, YYYYQn or YYYY; default: the node's latest period",
            }),
          ),
          by: Type.Optional(Type.String({ pattern: '^[a-z_]{1,30}$', description: 'disaggregation' })),
        }),
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { ...protectedErrors },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const reading = await access(request).indicators.children({
        indicator: request.params.indicator,
        region: q.region,
        period: q.period,
        disaggregation: q.by,
      });
      const rows = indicatorTableRows(reading);
      const name = [reading.def.id, reading.region, reading.period, reading.disaggregation]
        .filter((part) => part !== '' && part !== null)
        .join('-');
      if (q.format === 'xlsx')
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="${name}.xlsx"`)
          .send(await xlsxBuffer(INDICATOR_TABLE_HEADERS, rows, 'indikator'));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .send(csvBuffer(INDICATOR_TABLE_HEADERS, rows));
    },
  );
  done();
};
