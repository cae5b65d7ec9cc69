import { Type } from 'typebox';
import { renderWorkListPdf } from '../../../pilots/enrolment/work-list-pdf.js';
import { access } from '../../authentication.js';
import { protectedErrors, RegionCodeParam } from '../../schemas.js';
import { Id, type RouteApp } from './shared.js';

/** `GET /api/v1/villages/:code/work-list.pdf` */
export function workListPdfRoute(app: RouteApp): void {
  app.get(
    '/api/v1/villages/:code/work-list.pdf',
    {
      schema: {
        tags: ['enrolment'],
        summary:
          'Printable work list of one village (PDF, Bahasa Indonesia): name, address and NIK (masked unless pii:read and X-Purpose), treatment, stage, next step, a signature line',
        params: Type.Object({ code: RegionCodeParam }),
        querystring: Type.Object({ pilot_id: Type.Optional(Id) }),
        produces: ['application/pdf'],
        response: { ...protectedErrors },
      },
    },
    async (request, reply) => {
      const layer = access(request);
      const { rows, villageName, reveal } = await layer.enrolments.villageWorkList(request.params.code, {
        pilotId: request.query.pilot_id,
      });
      const pdf = await renderWorkListPdf(rows, {
        villageNames: new Map([[request.params.code, villageName]]),
        facilitator: layer.principal.role === 'pendamping' ? layer.principal.username : null,
        generatedAt: new Date(),
        revealed: reveal,
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="daftar-kerja-${request.params.code}.pdf"`)
        .send(pdf);
    },
  );
}
